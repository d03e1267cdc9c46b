from django.urls import path

from thinkfamily.core import views

urlpatterns = [
    path("sign-in/", views.SignInView.as_view(), name="login"),
    path("sign-in/code/", views.sign_in_code, name="sign_in_code"),
    path("sign-out/", views.SignOutView.as_view(), name="sign_out"),
    path("session/keep-alive/", views.keep_alive, name="keep_alive"),
    path("account/two-step/", views.two_factor_setup, name="two_factor_setup"),
    path("account/password/", views.change_password, name="change_password"),
]
