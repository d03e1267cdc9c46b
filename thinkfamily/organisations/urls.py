from django.urls import path

from thinkfamily.organisations import views

app_name = "contacts"

urlpatterns = [
    path("contacts/", views.directory_page, name="directory"),
    path("contacts/new/", views.new_entry, name="new"),
    path("contacts/<int:entry_id>/edit/", views.edit_entry, name="edit"),
    path("contacts/<int:entry_id>/verify/", views.verify_entry, name="verify"),
]
