from django.urls import path

from . import views

app_name = "statutes"
urlpatterns = [
    path("", views.index, name="index"),
    path("search/", views.search, name="search"),
    path("category/<str:name>/", views.category, name="category"),
    path("cite/<str:title>/<str:label>/", views.cite, name="cite"),
    path("<int:law_id>/", views.law, name="law"),
    path("<int:law_id>/<str:label>/", views.article, name="article"),
]
