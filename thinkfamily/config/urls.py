from django.urls import include, path

urlpatterns = [
    path("", include("thinkfamily.people.urls")),
    path("", include("thinkfamily.core.urls")),
]
