"""/api/v1/inbox: the caller's own items (what was decided about them or for them), marking one or all read.
Another person's item answers 404 like one that does not exist."""
import datetime

from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from agentpath.api_common import BoundedPageNumberPagination, domain_refusal, errors
from agentpath.common.errors import DomainError

from . import selectors, services

router = Router()


class InboxItemOut(Schema):
    id: int
    kind: str = Field(..., description="the kind of event, e.g. development.idp_agreed (agentpath.inbox.kinds)")
    title: str = Field(..., description="the item in the caller's language (Accept-Language), every value filled in")
    params: dict = Field(..., description="the values the title is made of")
    url: str = Field(..., description="the page the item is about")
    created_at: datetime.datetime
    read_at: datetime.datetime | None
    read: bool

    @staticmethod
    def resolve_title(item) -> str:
        return selectors.title_of(item)

    @staticmethod
    def resolve_read(item) -> bool:
        return item.read_at is not None


class InboxFilters(Schema):
    unread: bool = Field(False, description="only the items not read yet")


class ReadAllOut(Schema):
    marked: int = Field(..., description="how many items were unread and are now read")
    unread: int


@router.get("", response=list[InboxItemOut], summary="Your inbox, newest first")
@paginate(BoundedPageNumberPagination)
def list_items(request, filters: Query[InboxFilters]):
    """The caller's own items, newest first; `unread=true` for the unread ones only."""
    items = selectors.unread_for(request.user) if filters.unread else selectors.items_for(request.user)
    return items


@router.post("/read-all", response=ReadAllOut, summary="Mark every item of your inbox read")
def read_all(request):
    return {"marked": services.mark_all_read(user=request.user), "unread": 0}


@router.post("/{item_id}/read", response={200: InboxItemOut, **errors(404)}, summary="Mark one of your items read")
def read_one(request, item_id: int):
    try:
        return Status(200, services.mark_read(user=request.user, item_id=item_id))
    except DomainError as exc:
        return domain_refusal(exc)
