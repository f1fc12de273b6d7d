from django.utils.decorators import method_decorator
from django.views.decorators.csrf import csrf_exempt
from rest_framework.authentication import TokenAuthentication
from rest_framework.response import Response
from rest_framework.views import APIView


@method_decorator(csrf_exempt, name="dispatch")
class RotateKey(APIView):
    authentication_classes = [TokenAuthentication]

    def post(self, request):
        return Response({"rotated": True})
