from django.urls import path

from thinkfamily.core import views

urlpatterns = [
    path("sign-in/", views.SignInView.as_view(), name="login"),
    path("sign-out/", views.SignOutView.as_view(), name="sign_out"),
]
