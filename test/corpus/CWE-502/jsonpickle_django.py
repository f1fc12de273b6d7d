# threat-model: remote
import jsonpickle
from django.http import HttpResponse


def import_cart(request):
    cart = jsonpickle.decode(request.body)  # expect: py/unsafe-deserialization
    return HttpResponse(str(len(cart.items)))
