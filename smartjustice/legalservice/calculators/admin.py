"""Admin: administrators maintain the figures, coefficient table and insurance limits.

Every save and delete is audited inside the admin's transaction.
"""
from django.contrib import admin
from django.forms.models import model_to_dict

from smartjustice.audit import services as audit

from .models import DisabilityCoefficient, Figure, InsuranceLimitSet


class AuditedAdmin(admin.ModelAdmin):
    def save_model(self, request, obj, form, change):
        old = model_to_dict(type(obj).objects.get(pk=obj.pk)) if change else {}
        super().save_model(request, obj, form, change)
        new = model_to_dict(obj)
        audit.record(f"calculators.{obj._meta.model_name}.{'changed' if change else 'created'}",
                     actor=request.user, obj=obj,
                     changes={"old": {k: str(v) for k, v in old.items()}, "new": {k: str(v) for k, v in new.items()}})

    def delete_model(self, request, obj):
        audit.record(f"calculators.{obj._meta.model_name}.deleted", actor=request.user, obj=obj,
                     changes={"old": {k: str(v) for k, v in model_to_dict(obj).items()}})
        super().delete_model(request, obj)


@admin.register(Figure)
class FigureAdmin(AuditedAdmin):
    list_display = ("indicator", "region", "year", "value", "unit", "reliability", "source_title")
    list_filter = ("reliability", "region", "indicator")
    search_fields = ("indicator", "indicator_zh", "region", "source_title")


@admin.register(DisabilityCoefficient)
class DisabilityCoefficientAdmin(AuditedAdmin):
    list_display = ("grade", "coefficient", "note")


@admin.register(InsuranceLimitSet)
class InsuranceLimitSetAdmin(AuditedAdmin):
    list_display = ("effective_from", "death_disability", "medical", "property", "no_fault_death_disability",
                    "no_fault_medical", "no_fault_property", "source")
