from django.urls import path

from thinkfamily.lac import care_views, dashboard_views, population_views, views

app_name = "lac"

urlpatterns = [
    # The population and the dashboard (R6.4; issue 6): lac/population_views.py, lac/dashboard_views.py
    path("children-in-care/", population_views.population_list, name="population"),
    path("children-in-care/dashboard/", dashboard_views.dashboard_page, name="dashboard"),
    path("children-in-care/dashboard/children/", dashboard_views.dashboard_children, name="dashboard_children"),
    path("children-in-care/assessments/<int:assessment_id>/", views.assessment, name="assessment"),
    path("children-in-care/assessments/<int:assessment_id>/family-history/", views.family_history,
         name="family_history"),
    path("children-in-care/assessments/<int:assessment_id>/uasc/", views.uasc_part, name="uasc_part"),
    path("children-in-care/uasc-training/", views.uasc_training, name="uasc_training"),
    path("children-in-care/work-list/", views.worklist, name="worklist"),
    # Health plan (R6.3), SDQ (R6.5) and health passport (R6.6): thinkfamily/lac/care_views.py
    path("children/<uuid:person_id>/health-plan/", care_views.plan, name="plan"),
    path("children/<uuid:person_id>/health-plan/new/", care_views.plan_start, name="plan_start"),
    path("children/<uuid:person_id>/health-plan/<int:plan_id>/actions/new/", care_views.plan_action_add,
         name="plan_action_add"),
    path("children/<uuid:person_id>/health-plan/actions/<int:action_id>/done/", care_views.plan_action_complete,
         name="plan_action_complete"),
    path("children/<uuid:person_id>/sdq/", care_views.sdq_scores, name="sdq"),
    path("children/<uuid:person_id>/sdq/new/", care_views.sdq_add, name="sdq_add"),
    path("children/<uuid:person_id>/health-passport/", care_views.passport_page, name="passport"),
    path("children/<uuid:person_id>/health-passport/new/", care_views.passport_generate, name="passport_generate"),
    path("children/<uuid:person_id>/health-passport/<int:passport_id>/review/", care_views.passport_review,
         name="passport_review"),
    path("children/<uuid:person_id>/health-passport/<int:passport_id>/release/", care_views.passport_release,
         name="passport_release"),
    path("children/<uuid:person_id>/health-passport/<int:passport_id>/pdf/", care_views.passport_pdf,
         name="passport_pdf"),
    path("children/<uuid:person_id>/health-passport/immunisations/new/", care_views.immunisation_add,
         name="immunisation_add"),
    path("children/<uuid:person_id>/health-passport/conditions/new/", care_views.condition_add,
         name="condition_add"),
]
