from django.urls import path

from thinkfamily.notifications import views

app_name = "notifications"

urlpatterns = [
    path("inbox/", views.inbox_page, name="inbox"),
    path("inbox/sent/", views.sent_page, name="sent"),
    path("inbox/mark-all-read/", views.mark_all_read, name="mark_all_read"),
    path("inbox/<int:notification_id>/", views.open_notification, name="open"),
]
