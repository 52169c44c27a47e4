from django.http import HttpResponseNotFound, HttpResponseServerError


def not_found(request, exception=None):
    return HttpResponseNotFound("Halaman tidak ditemukan")


def server_error(request):
    return HttpResponseServerError("Terjadi kesalahan")
