// Copyright (c) The terraform-provider-devopsagent authors
// SPDX-License-Identifier: MPL-2.0

package provider_test

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/opsconnect/terraform-provider-devopsagent/internal/acctest"
	"github.com/opsconnect/terraform-provider-devopsagent/internal/emulator"
)

// isolateAWSEnvironment empties every place the AWS SDK looks for a region
// and credentials, so that only what a test sets is found. Tests using it
// cannot run in parallel: they change the process environment.
func isolateAWSEnvironment(t *testing.T) {
	t.Helper()
	empty := filepath.Join(t.TempDir(), "empty")
	if err := os.WriteFile(empty, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{
		"AWS_REGION", "AWS_DEFAULT_REGION", "AWS_PROFILE", "AWS_DEFAULT_PROFILE",
		"AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN",
		"AWS_ROLE_ARN", "AWS_WEB_IDENTITY_TOKEN_FILE",
		"AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "AWS_CONTAINER_CREDENTIALS_FULL_URI",
		"AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_DEVOPS_AGENT", "AWS_ENDPOINT_URL_STS",
	} {
		t.Setenv(name, "")
	}
	t.Setenv("AWS_CONFIG_FILE", empty)
	t.Setenv("AWS_SHARED_CREDENTIALS_FILE", empty)
	t.Setenv("AWS_EC2_METADATA_DISABLED", "true")
}

const selfManagedResource = `
resource "devopsagent_private_connection" "test" {
  name = %q
  mode = {
    self_managed = {
      resource_configuration_id = "rcfg-0a1b2c3d4e5f60718"
    }
  }
}
`

func TestAccProvider_missingRegion(t *testing.T) {
	isolateAWSEnvironment(t)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{{
			Config: `
provider "devopsagent" {
  access_key = "AKIDEXAMPLE"
  secret_key = "example"
}
` + fmt.Sprintf(selfManagedResource, "no-region"),
			ExpectError: acctest.ErrorPattern(`Configuring the DevOps Agent provider failed`,
				`no AWS region is set: set "region" in the provider block, or the AWS_REGION environment variable`),
		}},
	})
}

func TestAccProvider_missingCredentials(t *testing.T) {
	isolateAWSEnvironment(t)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{{
			Config: `
provider "devopsagent" {
  region = "us-east-1"
}
` + fmt.Sprintf(selfManagedResource, "no-credentials"),
			ExpectError: acctest.ErrorPattern(`Configuring the DevOps Agent provider failed`,
				`no AWS credentials were found: set access_key and secret_key in the provider block, `+
					`or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY`),
		}},
	})
}

func TestAccProvider_invalidEndpoint(t *testing.T) {
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{{
			Config: `
provider "devopsagent" {
  region    = "us-east-1"
  endpoints = { devopsagent = "localhost:4599" }
}
` + fmt.Sprintf(selfManagedResource, "bad-endpoint"),
			PlanOnly: true,
			ExpectError: acctest.ErrorPattern(`Attribute endpoints.devopsagent must be an absolute http or https URL, got:`,
				`"localhost:4599"`),
		}},
	})
}

// The SDK's own environment variables for endpoints and credentials are
// honoured: the provider block names only the region.
func TestAccProvider_endpointAndCredentialsFromEnvironment(t *testing.T) {
	isolateAWSEnvironment(t)
	tg := acctest.EmulatorTarget(t, emulator.Options{})
	t.Setenv("AWS_ENDPOINT_URL_DEVOPS_AGENT", tg.URL)
	t.Setenv("AWS_ENDPOINT_URL_STS", tg.URL)
	t.Setenv("AWS_ACCESS_KEY_ID", emulator.DefaultAccessKey)
	t.Setenv("AWS_SECRET_ACCESS_KEY", emulator.DefaultSecretKey)
	addr := "devopsagent_private_connection.test"
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		CheckDestroy:             tg.CheckDestroy,
		Steps: []resource.TestStep{{
			Config: `
provider "devopsagent" {
  region = "us-east-1"
}
` + fmt.Sprintf(selfManagedResource, "from-environment"),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("status"), knownvalue.StringExact("ACTIVE")),
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("arn"), knownvalue.StringExact(
					"arn:aws:aidevops:us-east-1:"+emulator.DefaultAccountID+":private-connection/from-environment")),
			},
		}},
	})
}
