from django.urls import path

from . import views

app_name = "documents"
urlpatterns = [
    path("", views.index, name="index"),
    path("start/<str:kind>", views.start, name="start"),
    path("i/<str:code>/review", views.review, name="review"),
    path("i/<str:code>/generate", views.generate, name="generate"),
    path("i/<str:code>/d/<str:vcode>.<str:fmt>", views.download, name="download"),
    path("i/<str:code>/d/<str:vcode>", views.document_page, name="document"),
    path("i/<str:code>/<int:step>", views.step, name="step"),
    path("verify/", views.verify, name="verify-form"),
    path("verify/<str:vcode>", views.verify, name="verify"),
]
