from django.core.paginator import Paginator


class DeferredJoinPaginator(Paginator):
    """Django's Paginator that finds a page's rows by their ids before it fetches them.

    `object_list` (filtered and sorted) only chooses the page's ids: the database skips the
    earlier pages over a narrow index instead of building every skipped row with its joins and
    annotated sums, so the last page costs what the first does. `rows` then fetches those ids
    with everything the page shows, in the same order, in the same query (as a subquery).

    `object_list`'s ordering must be total (end with the primary key), so sorting the page's
    rows again gives the order that chose them; `rows` must carry any annotation it sorts by.
    """

    def __init__(self, object_list, per_page, *, rows, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.rows = rows

    def _get_page(self, object_list, number, paginator):
        # `object_list` is this page's slice of the list, not yet run.
        ordering = object_list.query.order_by or object_list.model._meta.ordering
        rows = self.rows.filter(pk__in=object_list.values("pk")).order_by(*ordering)
        return super()._get_page(rows, number, paginator)
