from django.http import JsonResponse
from django.utils.decorators import method_decorator
from django.views import View
from django.views.decorators.csrf import csrf_exempt


@method_decorator(csrf_exempt, name="dispatch")  # expect: py/csrf-protection-disabled
class AccountDelete(View):
    def post(self, request):
        request.user.delete()
        return JsonResponse({"deleted": True})
