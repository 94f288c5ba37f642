from django.contrib.auth.decorators import login_required
from django.http import HttpResponse


@login_required
def employee_detail(request, employee_no):
    return HttpResponse("todo")
