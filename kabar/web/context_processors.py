SITE_NAME = "kabar"


def site(request):
    return {"site_name": SITE_NAME}
