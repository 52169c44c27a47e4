from django.http import HttpResponse


def home(request):
    return HttpResponse("kabar")


def article(request, pk, slug):
    return HttpResponse("article")
