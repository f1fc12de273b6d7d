# threat-model: remote
from django.shortcuts import redirect


def to_shop(request):
    sku = request.GET.get("sku", "")
    return redirect(f"https://shop.example.com/items/{sku}")
