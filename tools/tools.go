// Copyright (c) The terraform-provider-devopsagent authors
// SPDX-License-Identifier: MPL-2.0

//go:build tools

// Package tools pins the versions of the command-line tools the GNUmakefile
// builds into bin/. Nothing imports it; go.mod in this directory records the
// versions and go.sum their checksums.
package tools

import (
	// Linter run by "make lint".
	_ "github.com/golangci/golangci-lint/v2/cmd/golangci-lint"
	// Documentation generator run by "make docs".
	_ "github.com/hashicorp/terraform-plugin-docs/cmd/tfplugindocs"
)
