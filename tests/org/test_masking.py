"""Personal data follows one masking rule (org.scoping.personal_value) on the file page, the list, the
export and the API: the same role sees the same characters everywhere."""
import io
import re

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from agentpath.accounts.models import ApiToken, Role

pytestmark = pytest.mark.django_db


def seen_by(client, user, employee):
    client.force_login(user)
    page = client.get(f"/people/{employee.employee_no}/").content.decode()
    on_page = {"phone": re.search(r'data-testid="phone">([^<]*)<', page)[1],
               "id_number": re.search(r'data-testid="id-number">([^<]*)<', page)[1],
               "email": re.search(r'data-testid="email">([^<]*)<', page)[1]}
    response = client.get(reverse("org:employee-export"), HTTP_ACCEPT_LANGUAGE="en")
    content = b"".join(response.streaming_content) if response.streaming else response.content
    rows = list(load_workbook(io.BytesIO(content)).worksheets[0]
                .iter_rows(values_only=True))
    header, row = rows[0], next(r for r in rows if r[0] == employee.employee_no)
    in_export = {"phone": row[header.index("phone")], "id_number": row[header.index("ID number")],
                 "email": row[header.index("email")]}
    _token, key = ApiToken.issue(user)
    body = client.get(f"/api/v1/employees/{employee.employee_no}", HTTP_AUTHORIZATION=f"Bearer {key}").json()
    in_api = {k: body[k] for k in ("phone", "id_number", "email")}
    listed = client.get(reverse("org:employee-list"), {"q": employee.employee_no}).content.decode()
    return on_page, in_export, in_api, listed


@pytest.mark.parametrize("role", [Role.TEAM_LEADER, Role.CENTER_MANAGER, Role.HR_ADMIN])
def test_the_same_role_sees_the_same_masking_on_page_export_and_api(org, client, role):
    agent = org.agents["sz-a"][0]
    agent.email = "zhang.san@example.com"
    agent.save()
    on_page, in_export, in_api, listed = seen_by(client, org.users[role], agent)
    assert on_page == in_export == in_api
    assert on_page["phone"] in listed
    if role == Role.HR_ADMIN:
        assert on_page == {"phone": "13812345678", "id_number": "440301199001011234",
                           "email": "zhang.san@example.com"}
    else:
        assert on_page == {"phone": "138******78", "id_number": "4403************34",
                           "email": "zh***************.com"}
