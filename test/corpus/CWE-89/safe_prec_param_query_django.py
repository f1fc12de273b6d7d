# threat-model: remote
from django.db import connection
from django.http import JsonResponse


def by_email(request):
    email = request.GET.get("email", "")
    with connection.cursor() as cursor:
        cursor.execute("SELECT id FROM auth_user WHERE email = %s", [email])
        row = cursor.fetchone()
    return JsonResponse({"id": row[0] if row else None})
