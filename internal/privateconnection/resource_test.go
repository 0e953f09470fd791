// Copyright (c) The terraform-provider-devopsagent authors
// SPDX-License-Identifier: MPL-2.0

package privateconnection_test

import (
	"context"
	"fmt"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/devopsagent"
	awstypes "github.com/aws/aws-sdk-go-v2/service/devopsagent/types"
	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/opsconnect/terraform-provider-devopsagent/internal/acctest"
)

const addr = "devopsagent_private_connection.test"

func attr(name string) tfjsonpath.Path { return tfjsonpath.New(name) }

var (
	arnRegexp     = regexp.MustCompile(`^arn:aws[a-z-]*:aidevops:[a-z0-9-]+:\d{12}:private-connection/[a-z0-9-]+$`)
	gatewayRegexp = regexp.MustCompile(`^arn:aws[a-z-]*:vpc-lattice:[a-z0-9-]+:\d{12}:resourcegateway/rgw-[0-9a-z]{17}$`)
	rcfgARNRegexp = regexp.MustCompile(`^arn:aws[a-z-]*:vpc-lattice:[a-z0-9-]+:\d{12}:resourceconfiguration/rcfg-[0-9a-z]{17}$`)
	rfc3339Regexp = regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$`)
)

// hclList renders strings as an HCL list.
func hclList(values []string) string {
	quoted := make([]string, len(values))
	for i, v := range values {
		quoted[i] = fmt.Sprintf("%q", v)
	}
	return "[" + strings.Join(quoted, ", ") + "]"
}

// heredoc renders a multi-line value (a PEM chain) as an HCL heredoc.
func heredoc(s string) string {
	return "<<-EOT\n" + strings.TrimRight(s, "\n") + "\nEOT\n"
}

func configSelfManaged(tg *acctest.Target, name, rcfg, extra string) string {
	return tg.ProviderConfig + fmt.Sprintf(`
resource "devopsagent_private_connection" "test" {
  name = %[1]q
  mode = {
    self_managed = {
      resource_configuration_id = %[2]q
    }
  }
%[3]s
}
`, name, rcfg, extra)
}

func configServiceManaged(tg *acctest.Target, name, extra string) string {
	return tg.ProviderConfig + fmt.Sprintf(`
resource "devopsagent_private_connection" "test" {
  name = %[1]q
  mode = {
    service_managed = {
      host_address = %[2]q
      vpc_id       = %[3]q
      subnet_ids   = %[4]s
    }
  }
%[5]s
}
`, name, tg.HostAddress, tg.VPCID, hclList(tg.SubnetIDs), extra)
}

func configServiceManagedFull(tg *acctest.Target, name, certificate, extra string) string {
	return tg.ProviderConfig + fmt.Sprintf(`
resource "devopsagent_private_connection" "test" {
  name = %[1]q
  mode = {
    service_managed = {
      host_address           = %[2]q
      vpc_id                 = %[3]q
      subnet_ids             = %[4]s
      security_group_ids     = %[5]s
      ip_address_type        = "IPV4"
      ipv4_addresses_per_eni = 4
      port_ranges            = ["443", "8000-8100"]
    }
  }
  certificate = %[6]s
  tags = {
    team = "platform"
  }
%[7]s
}
`, name, tg.HostAddress, tg.VPCID, hclList(tg.SubnetIDs), hclList(tg.SecurityGroupIDs),
		heredoc(certificate), extra)
}

// rcfgARN is the ARN form of the target's resource configuration id.
func rcfgARN(tg *acctest.Target) string {
	if strings.HasPrefix(tg.ResourceConfigurationID, "arn:") {
		return tg.ResourceConfigurationID
	}
	return fmt.Sprintf("arn:aws:vpc-lattice:us-east-1:123456789012:resourceconfiguration/%s",
		tg.ResourceConfigurationID)
}

// checkRemoteTags checks the tags the API holds for a connection.
func checkRemoteTags(tg *acctest.Target, name string, want map[string]string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		out, err := tg.Describe(context.Background(), name)
		if err != nil {
			return err
		}
		if out == nil {
			return fmt.Errorf("private connection %q not found", name)
		}
		if len(out.Tags) != len(want) {
			return fmt.Errorf("remote tags: got %v, want %v", out.Tags, want)
		}
		for k, v := range want {
			if out.Tags[k] != v {
				return fmt.Errorf("remote tags: got %v, want %v", out.Tags, want)
			}
		}
		return nil
	}
}

// checkSentInputs checks, in the emulator's record, that the inputs the API
// never reports back reached it as configured. Real AWS offers no such view.
func checkSentInputs(tg *acctest.Target, name, certificate string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		if tg.Emulator == nil {
			return nil
		}
		conn, ok := tg.Emulator.Connection(name)
		if !ok {
			return fmt.Errorf("emulator holds no connection %q", name)
		}
		got := fmt.Sprintf("%v %v %s %d %v %t", conn.SubnetIDs, conn.SecurityGroupIDs,
			conn.IPAddressType, conn.IPv4AddressesPerENI, conn.PortRanges, conn.Certificate == certificate)
		want := fmt.Sprintf("%v %v %s %d %v %t", sorted(tg.SubnetIDs), sorted(tg.SecurityGroupIDs),
			"IPV4", 4, []string{"443", "8000-8100"}, true)
		if got != want {
			return fmt.Errorf("emulator received %s, want %s", got, want)
		}
		return nil
	}
}

func sorted(values []string) []string {
	out := append([]string(nil), values...)
	sort.Strings(out)
	return out
}

func TestAccPrivateConnection_selfManaged(t *testing.T) {
	tg := acctest.NewTarget(t)
	name := acctest.RandomName("self")
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		CheckDestroy:             tg.CheckDestroy,
		Steps: []resource.TestStep{
			{
				Config: configSelfManaged(tg, name, tg.ResourceConfigurationID, ""),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(addr, plancheck.ResourceActionCreate),
						plancheck.ExpectKnownValue(addr, attr("type"), knownvalue.StringExact("SELF_MANAGED")),
						plancheck.ExpectKnownValue(addr, attr("status"), knownvalue.StringExact("ACTIVE")),
						plancheck.ExpectKnownValue(addr, attr("id"), knownvalue.StringExact(name)),
						plancheck.ExpectKnownValue(addr, attr("resource_gateway_id"), knownvalue.Null()),
						plancheck.ExpectKnownValue(addr, attr("certificate_expiry_time"), knownvalue.Null()),
						plancheck.ExpectUnknownValue(addr, attr("arn")),
					},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, attr("id"), knownvalue.StringExact(name)),
					statecheck.ExpectKnownValue(addr, attr("status"), knownvalue.StringExact("ACTIVE")),
					statecheck.ExpectKnownValue(addr, attr("type"), knownvalue.StringExact("SELF_MANAGED")),
					statecheck.ExpectKnownValue(addr, attr("arn"), knownvalue.StringRegexp(arnRegexp)),
					statecheck.ExpectKnownValue(addr, attr("resource_configuration_arn"),
						knownvalue.StringRegexp(rcfgARNRegexp)),
					statecheck.ExpectKnownValue(addr, attr("resource_gateway_id"), knownvalue.Null()),
					statecheck.ExpectKnownValue(addr, attr("certificate_expiry_time"), knownvalue.Null()),
					statecheck.ExpectKnownValue(addr, attr("tags"), knownvalue.Null()),
					statecheck.ExpectKnownValue(addr,
						attr("mode").AtMapKey("self_managed").AtMapKey("resource_configuration_id"),
						knownvalue.StringExact(tg.ResourceConfigurationID)),
				},
			},
			{
				ResourceName:      addr,
				ImportState:       true,
				ImportStateVerify: true,
				// The import records the ARN the API reports; the configuration
				// wrote the short id, which plans as equal (checked next).
				ImportStateVerifyIgnore: []string{"mode.self_managed.resource_configuration_id"},
			},
			{
				ResourceName:    addr,
				ImportState:     true,
				ImportStateKind: resource.ImportBlockWithID,
			},
		},
	})
}

func TestAccPrivateConnection_serviceManagedAllArguments(t *testing.T) {
	tg := acctest.NewTarget(t)
	name := acctest.RandomName("svc")
	cert := acctest.Certificate(t, "ca.internal.example.com", time.Now().Add(90*24*time.Hour))
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		CheckDestroy:             tg.CheckDestroy,
		Steps: []resource.TestStep{
			{
				Config: configServiceManagedFull(tg, name, cert, ""),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectKnownValue(addr, attr("type"), knownvalue.StringExact("SERVICE_MANAGED")),
						plancheck.ExpectKnownValue(addr, attr("resource_configuration_arn"), knownvalue.Null()),
						plancheck.ExpectUnknownValue(addr, attr("resource_gateway_id")),
						plancheck.ExpectUnknownValue(addr, attr("certificate_expiry_time")),
					},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, attr("status"), knownvalue.StringExact("ACTIVE")),
					statecheck.ExpectKnownValue(addr, attr("type"), knownvalue.StringExact("SERVICE_MANAGED")),
					statecheck.ExpectKnownValue(addr, attr("resource_gateway_id"),
						knownvalue.StringRegexp(gatewayRegexp)),
					statecheck.ExpectKnownValue(addr, attr("resource_configuration_arn"), knownvalue.Null()),
					statecheck.ExpectKnownValue(addr, attr("certificate_expiry_time"),
						knownvalue.StringRegexp(rfc3339Regexp)),
					statecheck.ExpectKnownValue(addr, attr("tags"),
						knownvalue.MapExact(map[string]knownvalue.Check{"team": knownvalue.StringExact("platform")})),
					statecheck.ExpectKnownValue(addr, attr("mode").AtMapKey("service_managed").AtMapKey("port_ranges"),
						knownvalue.SetExact([]knownvalue.Check{
							knownvalue.StringExact("443"), knownvalue.StringExact("8000-8100"),
						})),
					statecheck.ExpectKnownValue(addr,
						attr("mode").AtMapKey("service_managed").AtMapKey("ipv4_addresses_per_eni"),
						knownvalue.Int64Exact(4)),
				},
				Check: checkSentInputs(tg, name, cert),
			},
			{
				ResourceName:      addr,
				ImportState:       true,
				ImportStateVerify: true,
				// The API does not report these; an import cannot see them.
				ImportStateVerifyIgnore: []string{
					"certificate",
					"mode.service_managed.subnet_ids",
					"mode.service_managed.security_group_ids",
					"mode.service_managed.ip_address_type",
					"mode.service_managed.ipv4_addresses_per_eni",
					"mode.service_managed.port_ranges",
				},
			},
			{
				// An import block with the same configuration records the values
				// the API cannot report, in place: no replacement.
				ResourceName:       addr,
				ImportState:        true,
				ImportStateKind:    resource.ImportBlockWithID,
				ExpectNonEmptyPlan: true,
				ImportPlanChecks: resource.ImportPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate),
					},
				},
			},
		},
	})
}

func TestAccPrivateConnection_serviceManagedMinimal(t *testing.T) {
	tg := acctest.NewTarget(t)
	name := acctest.RandomName("svc-min")
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		CheckDestroy:             tg.CheckDestroy,
		Steps: []resource.TestStep{{
			Config: configServiceManaged(tg, name, ""),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(addr, attr("status"), knownvalue.StringExact("ACTIVE")),
				statecheck.ExpectKnownValue(addr, attr("mode").AtMapKey("service_managed").AtMapKey("vpc_id"),
					knownvalue.StringExact(tg.VPCID)),
				statecheck.ExpectKnownValue(addr,
					attr("mode").AtMapKey("service_managed").AtMapKey("security_group_ids"), knownvalue.Null()),
				statecheck.ExpectKnownValue(addr, attr("mode").AtMapKey("self_managed"), knownvalue.Null()),
			},
		}},
	})
}

func TestAccPrivateConnection_certificateRotation(t *testing.T) {
	tg := acctest.NewTarget(t)
	name := acctest.RandomName("cert")
	first := acctest.Certificate(t, "ca-1.internal.example.com", time.Now().Add(30*24*time.Hour))
	second := acctest.Certificate(t, "ca-2.internal.example.com", time.Now().Add(365*24*time.Hour))
	expiry := statecheck.CompareValue(compare.ValuesDiffer())
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		CheckDestroy:             tg.CheckDestroy,
		Steps: []resource.TestStep{
			{
				Config: configSelfManaged(tg, name, tg.ResourceConfigurationID, "certificate = "+heredoc(first)),
				ConfigStateChecks: []statecheck.StateCheck{
					expiry.AddStateValue(addr, attr("certificate_expiry_time")),
					statecheck.ExpectKnownValue(addr, attr("certificate_expiry_time"),
						knownvalue.StringRegexp(rfc3339Regexp)),
				},
			},
			{
				Config: configSelfManaged(tg, name, tg.ResourceConfigurationID, "certificate = "+heredoc(second)),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate),
						plancheck.ExpectUnknownValue(addr, attr("certificate_expiry_time")),
						plancheck.ExpectKnownValue(addr, attr("resource_configuration_arn"),
							knownvalue.StringRegexp(rcfgARNRegexp)),
					},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					expiry.AddStateValue(addr, attr("certificate_expiry_time")),
					statecheck.ExpectKnownValue(addr, attr("status"), knownvalue.StringExact("ACTIVE")),
				},
			},
		},
	})
}

func TestAccPrivateConnection_certificateAddedInPlace(t *testing.T) {
	tg := acctest.NewTarget(t)
	name := acctest.RandomName("cert-add")
	cert := acctest.Certificate(t, "ca.internal.example.com", time.Now().Add(30*24*time.Hour))
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		CheckDestroy:             tg.CheckDestroy,
		Steps: []resource.TestStep{
			{Config: configServiceManaged(tg, name, "")},
			{
				Config: configServiceManaged(tg, name, "certificate = "+heredoc(cert)),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate),
					},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, attr("certificate_expiry_time"),
						knownvalue.StringRegexp(rfc3339Regexp)),
				},
			},
		},
	})
}

func TestAccPrivateConnection_certificateRemovalReplaces(t *testing.T) {
	tg := acctest.NewTarget(t)
	name := acctest.RandomName("cert-rm")
	cert := acctest.Certificate(t, "ca.internal.example.com", time.Now().Add(30*24*time.Hour))
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		CheckDestroy:             tg.CheckDestroy,
		Steps: []resource.TestStep{
			{Config: configSelfManaged(tg, name, tg.ResourceConfigurationID, "certificate = "+heredoc(cert))},
			{
				Config: configSelfManaged(tg, name, tg.ResourceConfigurationID, ""),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(addr, plancheck.ResourceActionDestroyBeforeCreate),
					},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, attr("certificate_expiry_time"), knownvalue.Null()),
					statecheck.ExpectKnownValue(addr, attr("certificate"), knownvalue.Null()),
				},
			},
		},
	})
}

func TestAccPrivateConnection_tags(t *testing.T) {
	tg := acctest.NewTarget(t)
	name := acctest.RandomName("tags")
	update := resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
		plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate),
	}}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		CheckDestroy:             tg.CheckDestroy,
		Steps: []resource.TestStep{
			{
				Config: configSelfManaged(tg, name, tg.ResourceConfigurationID, ""),
				Check:  checkRemoteTags(tg, name, nil),
			},
			{
				Config:           configSelfManaged(tg, name, tg.ResourceConfigurationID, `tags = { team = "platform", env = "prod" }`),
				ConfigPlanChecks: update,
				Check:            checkRemoteTags(tg, name, map[string]string{"team": "platform", "env": "prod"}),
			},
			{
				Config:           configSelfManaged(tg, name, tg.ResourceConfigurationID, `tags = { team = "sre", "cost/centre" = "Zürich 42" }`),
				ConfigPlanChecks: update,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, attr("tags"), knownvalue.MapExact(map[string]knownvalue.Check{
						"team":        knownvalue.StringExact("sre"),
						"cost/centre": knownvalue.StringExact("Zürich 42"),
					})),
				},
				Check: checkRemoteTags(tg, name, map[string]string{"team": "sre", "cost/centre": "Zürich 42"}),
			},
			{
				Config:           configSelfManaged(tg, name, tg.ResourceConfigurationID, ""),
				ConfigPlanChecks: update,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, attr("tags"), knownvalue.Null()),
				},
				Check: checkRemoteTags(tg, name, nil),
			},
		},
	})
}

func TestAccPrivateConnection_tagsEmptyMapIsStable(t *testing.T) {
	tg := acctest.NewTarget(t)
	name := acctest.RandomName("tags-empty")
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		CheckDestroy:             tg.CheckDestroy,
		Steps: []resource.TestStep{
			{
				Config: configSelfManaged(tg, name, tg.ResourceConfigurationID, `tags = {}`),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, attr("tags"), knownvalue.MapSizeExact(0)),
				},
			},
			{
				// Refreshed and planned again: still no changes.
				Config: configSelfManaged(tg, name, tg.ResourceConfigurationID, `tags = {}`),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
			},
		},
	})
}

func TestAccPrivateConnection_nameChangeReplaces(t *testing.T) {
	tg := acctest.NewTarget(t)
	first, second := acctest.RandomName("first"), acctest.RandomName("second")
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		CheckDestroy:             tg.CheckDestroy,
		Steps: []resource.TestStep{
			{Config: configSelfManaged(tg, first, tg.ResourceConfigurationID, "")},
			{
				Config: configSelfManaged(tg, second, tg.ResourceConfigurationID, ""),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(addr, plancheck.ResourceActionDestroyBeforeCreate),
					},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, attr("id"), knownvalue.StringExact(second)),
				},
				Check: func(*terraform.State) error {
					out, err := tg.Describe(context.Background(), first)
					if err != nil {
						return err
					}
					if out != nil {
						return fmt.Errorf("the connection under the old name %q still exists", first)
					}
					return nil
				},
			},
		},
	})
}

func TestAccPrivateConnection_modeChangeReplaces(t *testing.T) {
	tg := acctest.NewTarget(t)
	name := acctest.RandomName("mode")
	replace := resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
		plancheck.ExpectResourceAction(addr, plancheck.ResourceActionDestroyBeforeCreate),
	}}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		CheckDestroy:             tg.CheckDestroy,
		Steps: []resource.TestStep{
			{Config: configSelfManaged(tg, name, tg.ResourceConfigurationID, "")},
			{
				Config:           configServiceManaged(tg, name, ""),
				ConfigPlanChecks: replace,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, attr("type"), knownvalue.StringExact("SERVICE_MANAGED")),
				},
			},
			{
				Config:           configServiceManagedFull(tg, name, acctest.Certificate(t, "ca", time.Now().Add(time.Hour*24)), ""),
				ConfigPlanChecks: replace,
			},
		},
	})
}

func TestAccPrivateConnection_resourceConfigurationShortIDAndARN(t *testing.T) {
	tg := acctest.NewTarget(t)
	name := acctest.RandomName("rcfg")
	empty := resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		CheckDestroy:             tg.CheckDestroy,
		Steps: []resource.TestStep{
			{
				Config: configSelfManaged(tg, name, tg.ResourceConfigurationID, ""),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, attr("resource_configuration_arn"),
						knownvalue.StringExact(rcfgARN(tg))),
				},
			},
			{
				// The ARN of the same configuration: no diff, no replacement.
				Config:           configSelfManaged(tg, name, rcfgARN(tg), ""),
				ConfigPlanChecks: empty,
			},
			{
				Config:           configSelfManaged(tg, name, tg.ResourceConfigurationID, ""),
				ConfigPlanChecks: empty,
			},
			{
				// Another resource configuration is another connection.
				Config: configSelfManaged(tg, name, "rcfg-1b2c3d4e5f6071829", ""),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(addr, plancheck.ResourceActionDestroyBeforeCreate),
				}},
			},
		},
	})
}

func TestAccPrivateConnection_disappears(t *testing.T) {
	tg := acctest.NewTarget(t)
	name := acctest.RandomName("gone")
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		CheckDestroy:             tg.CheckDestroy,
		Steps: []resource.TestStep{
			{
				Config: configSelfManaged(tg, name, tg.ResourceConfigurationID, ""),
				Check: func(*terraform.State) error {
					tg.DeleteOutOfBand(t, name)
					return nil
				},
				ExpectNonEmptyPlan: true,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PostApplyPostRefresh: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(addr, plancheck.ResourceActionCreate),
					},
				},
			},
			{
				// The next apply creates it again.
				Config: configSelfManaged(tg, name, tg.ResourceConfigurationID, ""),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, attr("status"), knownvalue.StringExact("ACTIVE")),
				},
			},
		},
	})
}

func TestAccPrivateConnection_createFailedIsReplaced(t *testing.T) {
	tg := acctest.NewTarget(t)
	tg.NeedsEmulator(t)
	name := acctest.RandomName("create-fail")
	tg.Emulator.FailNextCreate(name)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		CheckDestroy:             tg.CheckDestroy,
		Steps: []resource.TestStep{
			{
				Config: configSelfManaged(tg, name, tg.ResourceConfigurationID, ""),
				ExpectError: acctest.ErrorPattern(`Private connection "`+name+`" failed to become ACTIVE; its last status was CREATE_FAILED.`,
					`tainted`),
			},
			{
				// The failed connection is in state, tainted: the next apply
				// deletes it and creates it again.
				Config: configSelfManaged(tg, name, tg.ResourceConfigurationID, ""),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(addr, plancheck.ResourceActionDestroyBeforeCreate),
					},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, attr("status"), knownvalue.StringExact("ACTIVE")),
				},
			},
		},
	})
}

func TestAccPrivateConnection_createFailedFoundOnRefreshIsReplaced(t *testing.T) {
	tg := acctest.NewTarget(t)
	tg.NeedsEmulator(t)
	name := acctest.RandomName("found-failed")
	config := configSelfManaged(tg, name, tg.ResourceConfigurationID, "")
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		CheckDestroy:             tg.CheckDestroy,
		Steps: []resource.TestStep{
			{
				Config: config,
				// The service reports the connection failed, as one imported
				// after a failed create would be.
				Check: func(*terraform.State) error {
					return tg.Emulator.SetStatus(name, "CREATE_FAILED")
				},
				ExpectNonEmptyPlan: true,
				ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(addr, plancheck.ResourceActionDestroyBeforeCreate),
				}},
			},
			{
				Config: config,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, attr("status"), knownvalue.StringExact("ACTIVE")),
				},
			},
		},
	})
}

func TestAccPrivateConnection_deleteFailedKeepsState(t *testing.T) {
	tg := acctest.NewTarget(t)
	tg.NeedsEmulator(t)
	name := acctest.RandomName("delete-fail")
	config := configSelfManaged(tg, name, tg.ResourceConfigurationID, "")
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		CheckDestroy:             tg.CheckDestroy,
		Steps: []resource.TestStep{
			{
				Config: config,
				Check: func(*terraform.State) error {
					tg.Emulator.FailNextDelete(name)
					return nil
				},
			},
			{
				Config:      config,
				Destroy:     true,
				ExpectError: acctest.ErrorPattern(`Private connection "` + name + `" failed to be deleted; its last status was DELETE_FAILED.`),
			},
			{
				// Still in state and still there: a plan with the same
				// configuration has nothing to do.
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(addr, plancheck.ResourceActionNoop),
					},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, attr("status"), knownvalue.StringExact("DELETE_FAILED")),
				},
			},
		},
	})
}

func TestAccPrivateConnection_duplicateNameGivesImportHint(t *testing.T) {
	tg := acctest.NewTarget(t)
	name := acctest.RandomName("dup")
	_, err := tg.Client.CreatePrivateConnection(context.Background(), &devopsagent.CreatePrivateConnectionInput{
		Name: aws.String(name),
		Mode: &awstypes.PrivateConnectionModeMemberSelfManaged{Value: awstypes.SelfManagedInput{
			ResourceConfigurationId: aws.String(tg.ResourceConfigurationID),
		}},
	})
	if err != nil {
		t.Fatalf("creating %q outside Terraform: %s", name, err)
	}
	t.Cleanup(func() {
		_, _ = tg.Client.DeletePrivateConnection(context.Background(),
			&devopsagent.DeletePrivateConnectionInput{Name: aws.String(name)})
	})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{{
			Config: configSelfManaged(tg, name, tg.ResourceConfigurationID, ""),
			ExpectError: acctest.ErrorPattern(`Private connection already exists`,
				`terraform import devopsagent_private_connection.<label> `+name, `import {`),
		}},
	})
}

func TestAccPrivateConnection_importCreatedOutsideThenPlanNoReplace(t *testing.T) {
	tg := acctest.NewTarget(t)
	name := acctest.RandomName("adopt")
	cert := acctest.Certificate(t, "ca.internal.example.com", time.Now().Add(60*24*time.Hour))
	ipv4 := int32(4)
	_, err := tg.Client.CreatePrivateConnection(context.Background(), &devopsagent.CreatePrivateConnectionInput{
		Name: aws.String(name),
		Mode: &awstypes.PrivateConnectionModeMemberServiceManaged{Value: awstypes.ServiceManagedInput{
			HostAddress:         aws.String(tg.HostAddress),
			VpcId:               aws.String(tg.VPCID),
			SubnetIds:           tg.SubnetIDs,
			SecurityGroupIds:    tg.SecurityGroupIDs,
			IpAddressType:       awstypes.IpAddressTypeIpv4,
			Ipv4AddressesPerEni: &ipv4,
			PortRanges:          []string{"443", "8000-8100"},
			Certificate:         aws.String(cert),
		}},
		Tags: map[string]string{"team": "platform"},
	})
	if err != nil {
		t.Fatalf("creating %q outside Terraform: %s", name, err)
	}
	tg.WaitActive(t, name)
	config := configServiceManagedFull(tg, name, cert, "")
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		CheckDestroy:             tg.CheckDestroy,
		Steps: []resource.TestStep{
			{
				Config:             config,
				ResourceName:       addr,
				ImportState:        true,
				ImportStateId:      name,
				ImportStatePersist: true,
				ImportStateCheck: func(states []*terraform.InstanceState) error {
					if len(states) != 1 || states[0].Attributes["status"] != "ACTIVE" ||
						states[0].Attributes["mode.service_managed.vpc_id"] != tg.VPCID {
						return fmt.Errorf("unexpected imported state: %v", states)
					}
					return nil
				},
			},
			{
				// The same configuration that created it: the values the API
				// cannot report are recorded in place, never by replacement.
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate),
					},
				},
			},
			{
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
			},
			{
				// From now on those values are compared as usual.
				Config: strings.Replace(config, `"8000-8100"`, `"8000-8200"`, 1),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(addr, plancheck.ResourceActionDestroyBeforeCreate),
					},
				},
			},
		},
	})
}

func TestAccPrivateConnection_serviceManagedArgumentChangeReplaces(t *testing.T) {
	tg := acctest.NewTarget(t)
	name := acctest.RandomName("svc-change")
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		CheckDestroy:             tg.CheckDestroy,
		Steps: []resource.TestStep{
			{Config: configServiceManaged(tg, name, "")},
			{
				Config: strings.Replace(configServiceManaged(tg, name, ""),
					"subnet_ids   = ", `port_ranges = ["443"]`+"\n      subnet_ids   = ", 1),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(addr, plancheck.ResourceActionDestroyBeforeCreate),
					},
				},
			},
		},
	})
}

func TestAccPrivateConnection_valuesUnknownAtPlan(t *testing.T) {
	tg := acctest.NewTarget(t)
	name := acctest.RandomName("later")
	config := tg.ProviderConfig + fmt.Sprintf(`
resource "terraform_data" "inputs" {
  input = {
    name   = %[1]q
    rcfg   = %[2]q
    team   = "platform"
  }
}

resource "devopsagent_private_connection" "test" {
  name = terraform_data.inputs.output.name
  mode = {
    self_managed = {
      resource_configuration_id = terraform_data.inputs.output.rcfg
    }
  }
  tags = {
    team = terraform_data.inputs.output.team
  }
}
`, name, tg.ResourceConfigurationID)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		CheckDestroy:             tg.CheckDestroy,
		Steps: []resource.TestStep{{
			Config: config,
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PreApply: []plancheck.PlanCheck{
					plancheck.ExpectUnknownValue(addr, attr("name")),
					plancheck.ExpectUnknownValue(addr, attr("id")),
				},
			},
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(addr, attr("id"), knownvalue.StringExact(name)),
				statecheck.ExpectKnownValue(addr, attr("status"), knownvalue.StringExact("ACTIVE")),
			},
		}},
	})
}

func TestAccPrivateConnection_timeoutsAccepted(t *testing.T) {
	tg := acctest.NewTarget(t)
	name := acctest.RandomName("timeouts")
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		CheckDestroy:             tg.CheckDestroy,
		Steps: []resource.TestStep{{
			Config: configSelfManaged(tg, name, tg.ResourceConfigurationID, `
  timeouts = {
    create = "10m"
    update = "5m"
    delete = "10m"
  }`),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(addr, attr("timeouts").AtMapKey("create"), knownvalue.StringExact("10m")),
			},
		}},
	})
}

func TestAccPrivateConnection_driftRestoresTags(t *testing.T) {
	tg := acctest.NewTarget(t)
	tg.NeedsEmulator(t)
	name := acctest.RandomName("drift")
	config := configSelfManaged(tg, name, tg.ResourceConfigurationID, `tags = { team = "platform" }`)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		CheckDestroy:             tg.CheckDestroy,
		Steps: []resource.TestStep{
			{
				Config: config,
				Check: func(*terraform.State) error {
					return tg.Emulator.SetTags(name, map[string]string{"team": "someone-else", "extra": "x"})
				},
				ExpectNonEmptyPlan: true,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PostApplyPostRefresh: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate),
					},
				},
			},
			{
				Config: config,
				Check:  checkRemoteTags(tg, name, map[string]string{"team": "platform"}),
			},
		},
	})
}
