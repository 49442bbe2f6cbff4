"""Celery: rebuild the dashboard summary tables every 15 minutes."""

from celery import shared_task

from jkp_portal.celery import crontab, register_periodic


@shared_task(name="dashboards.refresh")
def refresh_dashboards() -> dict:
    """Thin and safe to run twice: a refresh already running makes this one skip."""
    from .refresh import dashboards_refresh
    from .selectors import warm_cache

    refresh = dashboards_refresh(triggered_by="celery-beat", wait=False)
    if refresh is None:
        return {"skipped": True}
    warmed = warm_cache()
    return {"refresh": refresh.pk, "duration_ms": refresh.duration_ms, "rows": refresh.row_counts, "warmed": warmed}


register_periodic("dashboards-refresh", "dashboards.refresh", crontab(minute="*/15"))
