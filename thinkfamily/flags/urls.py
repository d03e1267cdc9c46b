from django.urls import path

from thinkfamily.flags.views import api, pages

app_name = "flags"

urlpatterns = [
    path("lookup/", pages.point_of_care_lookup, name="lookup"),
    path("people/<uuid:person_id>/flags/new/", pages.raise_flag, name="raise"),
    path("people/<uuid:person_id>/flags/<int:flag_id>/end/", pages.end_flag, name="end"),
    path("flags/types/new/", pages.new_flag_type, name="new_type"),
    path("api/v1/lookup", api.lookup_api, name="api_lookup"),
]
