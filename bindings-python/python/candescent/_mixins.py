"""Methods some models add to what their schema gives (named in ``codegen/overrides.toml``,
``[python.mixins]``)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Optional

if TYPE_CHECKING:
    from ._models import Customer

__all__ = ["CustomerProfileMixin"]


class CustomerProfileMixin:
    """``CustomerProfile.customer(member_number)``: a business location by its TIN."""

    __slots__ = ()

    def customer(self, member_number: str) -> Optional[tuple[int, Customer]]:
        """``(group_index, customer)`` of the customer whose member number (a business
        location's TIN) is ``member_number``, or ``None``. Customer ``i`` is account group
        ``i`` of ``accounts.groups()``."""
        customers: list[Customer] = getattr(self, "customers", None) or []
        for index, customer in enumerate(customers):
            if customer.member_number == member_number:
                return index, customer
        return None
