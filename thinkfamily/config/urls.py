from django.urls import include, path

from thinkfamily.access.urls import signing_in_patterns
from thinkfamily.home import views as home_views
from thinkfamily.people.views import find as people_find

urlpatterns = [
    path("", home_views.home, name="home"),
    path("find/", people_find.find_person, name="find"),
    path("", include("thinkfamily.people.urls")),
    path("", include("thinkfamily.access.urls")),
    path("", include("thinkfamily.flags.urls")),
    path("", include("thinkfamily.notifications.urls")),
    path("", include("thinkfamily.organisations.urls")),
    path("", include("thinkfamily.caseloads.urls")),
    path("", include("thinkfamily.administration.urls")),
    path("", include("thinkfamily.chronology.urls")),
    path("", include("thinkfamily.referrals.urls")),
    path("", include("thinkfamily.lac.urls")),
    path("", include("thinkfamily.assessments.urls")),
    path("", include("thinkfamily.appointments.urls")),
    path("", include("thinkfamily.pathways.urls")),
    path("", include("thinkfamily.protection.urls")),
    *signing_in_patterns,
]

handler400 = "thinkfamily.core.views.bad_request"
handler403 = "thinkfamily.access.views.records.access_refused"
handler404 = "thinkfamily.access.views.records.not_found"
handler500 = "thinkfamily.core.views.server_error"
