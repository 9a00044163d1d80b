def shell(request):
    user = getattr(request, "user", None)
    return {"elderly_mode": bool(user and user.is_authenticated and user.elderly_mode)}
