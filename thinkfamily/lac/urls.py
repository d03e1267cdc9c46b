from django.urls import path

from thinkfamily.lac.views import assessments, dashboard, passport, plans, population, sdq, worklist

app_name = "lac"

urlpatterns = [
    # The population and the dashboard (R6.4; issue 6)
    path("children-in-care/", population.population_list, name="population"),
    path("children-in-care/dashboard/", dashboard.dashboard_page, name="dashboard"),
    path("children-in-care/dashboard/children/", dashboard.dashboard_children, name="dashboard_children"),
    # Health assessments (R6.1, R6.2, R6.6, R6.7, Rec 10.1)
    path("children-in-care/assessments/<int:assessment_id>/", assessments.assessment, name="assessment"),
    path("children-in-care/assessments/<int:assessment_id>/family-history/", assessments.family_history,
         name="family_history"),
    path("children-in-care/assessments/<int:assessment_id>/uasc/", assessments.uasc_part, name="uasc_part"),
    path("children-in-care/uasc-training/", assessments.uasc_training, name="uasc_training"),
    path("children-in-care/work-list/", worklist.worklist, name="worklist"),
    # Health plan (R6.3), SDQ (R6.5) and health passport (R6.6)
    path("children/<uuid:person_id>/health-plan/", plans.plan, name="plan"),
    path("children/<uuid:person_id>/health-plan/new/", plans.plan_start, name="plan_start"),
    path("children/<uuid:person_id>/health-plan/<int:plan_id>/actions/new/", plans.plan_action_add,
         name="plan_action_add"),
    path("children/<uuid:person_id>/health-plan/actions/<int:action_id>/done/", plans.plan_action_complete,
         name="plan_action_complete"),
    path("children/<uuid:person_id>/sdq/", sdq.sdq_scores, name="sdq"),
    path("children/<uuid:person_id>/sdq/new/", sdq.sdq_add, name="sdq_add"),
    path("children/<uuid:person_id>/health-passport/", passport.passport_page, name="passport"),
    path("children/<uuid:person_id>/health-passport/new/", passport.passport_generate, name="passport_generate"),
    path("children/<uuid:person_id>/health-passport/<int:passport_id>/review/", passport.passport_review,
         name="passport_review"),
    path("children/<uuid:person_id>/health-passport/<int:passport_id>/release/", passport.passport_release,
         name="passport_release"),
    path("children/<uuid:person_id>/health-passport/<int:passport_id>/pdf/", passport.passport_pdf,
         name="passport_pdf"),
    path("children/<uuid:person_id>/health-passport/immunisations/new/", passport.immunisation_add,
         name="immunisation_add"),
    path("children/<uuid:person_id>/health-passport/conditions/new/", passport.condition_add,
         name="condition_add"),
]
