from django.views.decorators.csrf import csrf_exempt
from rest_framework.authentication import TokenAuthentication
from rest_framework.decorators import api_view, authentication_classes
from rest_framework.response import Response


@csrf_exempt
@api_view(["POST"])
@authentication_classes([TokenAuthentication])
def rotate_key(request):
    return Response({"rotated": True})
