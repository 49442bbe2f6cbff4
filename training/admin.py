"""Back-office views of the training data. State changes go through the
portal's pages (services with audit); here the state columns are read only."""

from django.contrib import admin

from training.models import (
    Application,
    Enrolment,
    JobSeekerProfile,
    Lpk,
    MonthlyAttendance,
    Programme,
    ProgrammeSession,
    Recommendation,
    TrainingImport,
    Vacancy,
)


@admin.register(Lpk)
class LpkAdmin(admin.ModelAdmin):
    list_display = ("name", "ownership", "competency_standard", "siapkerja_verified", "accredited_until", "online")
    list_filter = ("ownership", "competency_standard", "siapkerja_verified", "online", "province_code")
    search_fields = ("name", "siapkerja_id", "accreditation_number")


class SessionInline(admin.TabularInline):
    model = ProgrammeSession
    extra = 0


@admin.register(Programme)
class ProgrammeAdmin(admin.ModelAdmin):
    list_display = ("code", "title", "lpk", "status", "start_date", "end_date", "seats", "cost")
    list_filter = ("status", "mode", "province_code")
    search_fields = ("code", "title", "competency")
    readonly_fields = ("status", "published_at", "created_by")
    list_select_related = ("lpk",)
    inlines = [SessionInline]


@admin.register(Enrolment)
class EnrolmentAdmin(admin.ModelAdmin):
    list_display = ("pk", "participant", "programme", "status", "cost", "created_at")
    list_filter = ("status", "source")
    search_fields = ("participant__full_name", "participant__nik", "programme__code")
    list_select_related = ("participant", "programme")
    readonly_fields = [f.name for f in Enrolment._meta.fields]


@admin.register(MonthlyAttendance)
class MonthlyAttendanceAdmin(admin.ModelAdmin):
    list_display = ("enrolment", "month", "sessions_present", "sessions_recorded", "percentage")
    readonly_fields = [f.name for f in MonthlyAttendance._meta.fields]


@admin.register(Recommendation)
class RecommendationAdmin(admin.ModelAdmin):
    list_display = ("participant", "programme", "konselor", "status", "created_at")
    list_filter = ("status",)
    readonly_fields = [f.name for f in Recommendation._meta.fields]


@admin.register(JobSeekerProfile)
class JobSeekerProfileAdmin(admin.ModelAdmin):
    list_display = ("participant", "desired_occupation", "province_code", "regency", "seeking", "reemployed_on")
    list_filter = ("seeking", "province_code", "willing_to_relocate")
    search_fields = ("participant__full_name", "desired_occupation")
    list_select_related = ("participant",)
    readonly_fields = ("seeking", "reemployed_on", "claim", "office", "skills_text")


@admin.register(Vacancy)
class VacancyAdmin(admin.ModelAdmin):
    list_display = (
        "occupation",
        "employer",
        "province_code",
        "regency",
        "openings",
        "hired_count",
        "closing_date",
        "status",
    )
    list_filter = ("status", "source", "province_code")
    search_fields = ("occupation", "employer__name", "reference")
    list_select_related = ("employer",)
    readonly_fields = ("status", "hired_count", "skills_text", "posted_by")


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):
    list_display = ("pk", "participant", "vacancy", "origin", "status", "sent_on")
    list_filter = ("status", "origin")
    list_select_related = ("participant", "vacancy")
    readonly_fields = [f.name for f in Application._meta.fields]


@admin.register(TrainingImport)
class TrainingImportAdmin(admin.ModelAdmin):
    list_display = ("kind", "source_name", "started_at", "rows_total", "rows_imported", "rows_rejected")
    list_filter = ("kind",)
    readonly_fields = [f.name for f in TrainingImport._meta.fields]
