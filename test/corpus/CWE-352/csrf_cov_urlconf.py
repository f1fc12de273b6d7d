from django.urls import path
from django.views.decorators.csrf import csrf_exempt

from . import views

urlpatterns = [
    path("orders/", views.order_list),
    path("orders/pay/", csrf_exempt(views.pay)),  # expect: py/csrf-protection-disabled
]
