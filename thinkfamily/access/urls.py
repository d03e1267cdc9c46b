from django.urls import path

from thinkfamily.access.views import records, signing_in

app_name = "access"

urlpatterns = [
    path("people/<uuid:person_id>/break-glass/", records.break_glass, name="break_glass"),
    path("people/<uuid:person_id>/access-history/", records.record_access_history, name="history"),
    path("break-glass/", records.review_queue, name="review_queue"),
    path("break-glass/<int:access_id>/review/", records.review, name="break_glass_review"),
]

# Signing in and out keep their names without a namespace (``login`` is Django's LOGIN_URL).
signing_in_patterns = [
    path("sign-in/", signing_in.SignInView.as_view(), name="login"),
    path("sign-in/code/", signing_in.sign_in_code, name="sign_in_code"),
    path("sign-out/", signing_in.SignOutView.as_view(), name="sign_out"),
    path("signed-out/", signing_in.signed_out, name="signed_out"),
    path("session/keep-alive/", signing_in.keep_alive, name="keep_alive"),
    path("account/two-step/", signing_in.two_factor_setup, name="two_factor_setup"),
    path("account/password/", signing_in.change_password, name="change_password"),
]
