"""Back office for the counselling app. The portal pages and services do the
work (assignment, sessions, hand-over); here admins read and fix registry data."""

from django.contrib import admin

from .models import Assessment, Case, CounsellingSession, Konselor, KonselorAbsence


class KonselorAbsenceInline(admin.TabularInline):
    model = KonselorAbsence
    extra = 0
    fields = ("starts_on", "ends_on", "reason", "created_by")
    readonly_fields = ("created_by",)


@admin.register(Konselor)
class KonselorAdmin(admin.ModelAdmin):
    list_display = ("name", "nip", "level", "office", "capacity", "active")
    list_filter = ("level", "active", "office")
    search_fields = ("name", "nip", "user__username", "regencies")
    list_select_related = ("office",)
    raw_id_fields = ("user",)
    inlines = [KonselorAbsenceInline]


@admin.register(Case)
class CaseAdmin(admin.ModelAdmin):
    list_display = ("pk", "participant", "status", "konselor", "office", "regency", "opened_at", "assigned_at")
    list_filter = ("status", "recommendation", "office")
    search_fields = ("participant__nik", "participant__full_name")
    list_select_related = ("participant", "konselor", "office")
    raw_id_fields = ("claim", "participant", "konselor", "office")
    date_hierarchy = "opened_at"
    show_full_result_count = False
    # Status and konselor change through the portal's services (audited), not here.
    readonly_fields = ("status", "konselor", "assigned_at", "first_contact_at", "closed_at", "reemployed_on")


@admin.register(CounsellingSession)
class CounsellingSessionAdmin(admin.ModelAdmin):
    list_display = ("pk", "case", "konselor", "mode", "starts_at", "status", "reminder_sent_at", "reported_at")
    list_filter = ("status", "mode", "recommendation")
    search_fields = ("case__participant__nik", "case__participant__full_name", "konselor__name")
    list_select_related = ("case__participant", "konselor")
    raw_id_fields = ("case", "konselor", "attendance_recorded_by")
    date_hierarchy = "starts_at"
    readonly_fields = ("status",)


@admin.register(Assessment)
class AssessmentAdmin(admin.ModelAdmin):
    list_display = ("case", "education_level", "desired_location", "willing_to_relocate", "updated_at")
    list_filter = ("education_level", "willing_to_relocate")
    search_fields = ("case__participant__nik", "case__participant__full_name")
    raw_id_fields = ("case",)
