'use strict';
const native = require('./native.cjs');
const errors = require('./errors.cjs');
const { Client } = require('./client.cjs');

module.exports = {
  Client,
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
  VERSION: native.bindingVersion(),
};
