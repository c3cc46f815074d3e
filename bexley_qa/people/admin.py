from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from . import access
from .models import Child, Service, Team, User, UserRole


class UserRoleInline(admin.TabularInline):
    model = UserRole
    extra = 1
    verbose_name = "role"
    verbose_name_plural = "Roles (a person may hold several)"


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    inlines = [UserRoleInline]
    list_display = ("username", "first_name", "last_name", "email", "job_title", "team")
    list_filter = ("role_grants__role", "team__service", "team", "is_active", "is_staff")
    list_select_related = ("team",)
    search_fields = ("username", "first_name", "last_name", "email")
    autocomplete_fields = ("team",)
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        ("Personal details", {"fields": ("first_name", "last_name", "email")}),
        ("Work", {"fields": ("job_title", "team")}),
        (
            "Access to this admin",
            {"fields": ("is_active", "is_staff", "is_superuser", "groups")},
        ),
        ("Dates", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": (
                    "username",
                    "first_name",
                    "last_name",
                    "email",
                    "job_title",
                    "team",
                    "password1",
                    "password2",
                ),
            },
        ),
    )


@admin.register(Service)
class ServiceAdmin(admin.ModelAdmin):
    list_display = ("name", "head_of_service", "assistant_director")
    list_select_related = ("head_of_service", "assistant_director")
    search_fields = ("name",)
    autocomplete_fields = ("head_of_service", "assistant_director", "managers")


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = ("name", "service")
    list_filter = ("service",)
    list_select_related = ("service",)
    search_fields = ("name",)
    autocomplete_fields = ("managers",)


@admin.register(Child)
class ChildAdmin(admin.ModelAdmin):
    list_display = ("case_id", "first_name", "last_name", "team", "allocated_worker", "plan_type")
    list_filter = ("is_open", "plan_type", "team__service", "team")
    list_select_related = ("team", "allocated_worker")
    search_fields = ("case_id", "first_name", "last_name")
    autocomplete_fields = ("team", "allocated_worker", "staying_together_worker")
    list_per_page = 50

    def get_queryset(self, request):
        # Admin is no way round the access rules: staff see only the children in their scope.
        if request.user.is_superuser:
            return super().get_queryset(request)
        return access.children_visible_to(request.user)
