'use strict';
const native = require('./native.cjs');
const errors = require('./errors.cjs');
const { Client, UserSession } = require('./client.cjs');
const { Response, RawResponse } = require('./response.cjs');
const { Model, Paged, PartialResult } = require('./runtime.cjs');
const { models } = require('./api.cjs');
require('./models.cjs');

/** The accounts (an array, or what accounts.list() returns) as the table every demo prints. */
function formatAccounts(accounts) {
  const list = Array.isArray(accounts) ? accounts : accounts?.accounts;
  if (!Array.isArray(list)) {
    throw new errors.ValidationError('formatAccounts needs an array of accounts or an AccountList');
  }
  return errors.callSync(() => native.formatAccounts(JSON.stringify(list)), errors.ValidationError);
}

module.exports = {
  ...models,
  Client,
  Response,
  RawResponse,
  UserSession,
  Model,
  Paged,
  PartialResult,
  formatAccounts,
  CandescentError: errors.CandescentError,
  ConfigurationError: errors.ConfigurationError,
  ValidationError: errors.ValidationError,
  ApiConnectionError: errors.ApiConnectionError,
  ApiTimeoutError: errors.ApiTimeoutError,
  DecodeError: errors.DecodeError,
  ClientClosedError: errors.ClientClosedError,
  ApiError: errors.ApiError,
  BadRequestError: errors.BadRequestError,
  AuthenticationError: errors.AuthenticationError,
  PermissionDeniedError: errors.PermissionDeniedError,
  NotFoundError: errors.NotFoundError,
  RateLimitError: errors.RateLimitError,
  ServerError: errors.ServerError,
  AbortError: errors.AbortError,
  VERSION: native.bindingVersion(),
};
