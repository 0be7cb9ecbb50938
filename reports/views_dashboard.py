"""Dashboards: placeholder pages until the indicators and dashboards issue lands."""

from django.shortcuts import render


def dashboard(request):
    return render(request, "reports/dashboard.html")


def agency_dashboard(request):
    return render(request, "reports/agency_dashboard.html")
