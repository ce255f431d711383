'use strict';
// What the generated models (lib/api.cjs) do beyond their fields, written by hand: the few
// methods the SDK adds to an answer in every language.
const { CustomerProfile } = require('./api.cjs').models;

/**
 * `[groupIndex, customer]` of the customer whose member number (a business location's TIN) is
 * `memberNumber`, or null. The index is the `skipGroups` of its account group.
 */
CustomerProfile.prototype.customer = function customer(memberNumber) {
  const customers = Array.isArray(this.customers) ? this.customers : [];
  const index = customers.findIndex((c) => c.memberNumber === memberNumber);
  return index < 0 ? null : [index, customers[index]];
};
Object.defineProperty(CustomerProfile.prototype, 'customer', { enumerable: false });
