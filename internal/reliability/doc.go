// Copyright (c) The terraform-provider-devopsagent authors
// SPDX-License-Identifier: MPL-2.0

// Package reliability holds the provider's fault, load, interruption and
// bad-input tests. They drive the real CLI against the emulator, inject
// faults through its admin interface, and check the promise the provider
// makes: every apply converges or fails with a clear error, and afterwards
// the connections the service holds are exactly those in state.
//
// `make reliability` runs them and ends with a summary of what was tried.
package reliability
