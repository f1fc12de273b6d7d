from django.http import JsonResponse

TRUSTED = "https://app.example.com"


def balance(request):
    origin = request.META.get("HTTP_ORIGIN", "").lower()
    response = JsonResponse({"balance": 12})
    if origin.startswith(TRUSTED):  # expect: py/cors-bypass
        response["Access-Control-Allow-Origin"] = origin
        response["Vary"] = "Origin"
    return response
