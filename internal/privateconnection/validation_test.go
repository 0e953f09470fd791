// Copyright (c) The terraform-provider-devopsagent authors
// SPDX-License-Identifier: MPL-2.0

package privateconnection_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/opsconnect/terraform-provider-devopsagent/internal/acctest"
)

// rejected is one configuration that must fail at plan time, and the
// phrases the error must contain: the attribute path and the rule.
type rejected struct {
	config string
	want   []string
}

// testRejectedAtPlan plans each configuration and expects its error. No
// step applies anything, so the API is never called with bad input.
func testRejectedAtPlan(t *testing.T, cases []rejected) {
	t.Helper()
	steps := make([]resource.TestStep, len(cases))
	for i, c := range cases {
		steps[i] = resource.TestStep{
			Config:      c.config,
			PlanOnly:    true,
			ExpectError: acctest.ErrorPattern(c.want...),
		}
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps:                    steps,
	})
}

// serviceManaged renders a service-managed configuration with one
// attribute of service_managed overridden.
func serviceManaged(tg *acctest.Target, override string) string {
	attrs := map[string]string{
		"host_address": fmt.Sprintf("%q", tg.HostAddress),
		"vpc_id":       fmt.Sprintf("%q", tg.VPCID),
		"subnet_ids":   hclList(tg.SubnetIDs),
	}
	key, value, _ := strings.Cut(override, "=")
	attrs[strings.TrimSpace(key)] = strings.TrimSpace(value)
	var body strings.Builder
	for _, k := range []string{"host_address", "vpc_id", "subnet_ids", "security_group_ids",
		"ip_address_type", "ipv4_addresses_per_eni", "port_ranges"} {
		if v, ok := attrs[k]; ok {
			fmt.Fprintf(&body, "      %s = %s\n", k, v)
		}
	}
	return tg.ProviderConfig + fmt.Sprintf(`
resource "devopsagent_private_connection" "test" {
  name = "valid-name"
  mode = {
    service_managed = {
%s    }
  }
}
`, body.String())
}

func TestAccPrivateConnection_invalidName(t *testing.T) {
	tg := acctest.NewTarget(t)
	rcfg := tg.ResourceConfigurationID
	testRejectedAtPlan(t, []rejected{
		{configSelfManaged(tg, "ab", rcfg, ""), []string{"Attribute name must be 3 to 30 characters long, got 2"}},
		{configSelfManaged(tg, strings.Repeat("a", 31), rcfg, ""), []string{"Attribute name must be 3 to 30 characters long, got 31"}},
		{configSelfManaged(tg, "Grafana", rcfg, ""), []string{"Attribute name must contain only lowercase letters"}},
		{configSelfManaged(tg, "-grafana", rcfg, ""), []string{"Attribute name must contain only lowercase", "start and end with a letter or digit"}},
		{configSelfManaged(tg, "grafana-", rcfg, ""), []string{"Attribute name must contain only lowercase", `got: "grafana-"`}},
		{configSelfManaged(tg, "graf_ana", rcfg, ""), []string{"Attribute name must contain only lowercase"}},
	})
}

func TestAccPrivateConnection_invalidHostAddress(t *testing.T) {
	tg := acctest.NewTarget(t)
	testRejectedAtPlan(t, []rejected{
		{serviceManaged(tg, `host_address = "ab"`), []string{"Attribute mode.service_managed.host_address must be 3 to 255 characters long"}},
		{serviceManaged(tg, fmt.Sprintf("host_address = %q", strings.Repeat("a", 256))), []string{"mode.service_managed.host_address must be 3 to 255"}},
		{serviceManaged(tg, `host_address = "https://grafana.internal"`), []string{"Attribute mode.service_managed.host_address must contain only letters, digits, dots, colons and hyphens"}},
		{serviceManaged(tg, `host_address = "grafana internal"`), []string{"mode.service_managed.host_address must contain only"}},
	})
}

func TestAccPrivateConnection_invalidVPCID(t *testing.T) {
	tg := acctest.NewTarget(t)
	testRejectedAtPlan(t, []rejected{
		{serviceManaged(tg, `vpc_id = "vpc-123"`), []string{`Attribute mode.service_managed.vpc_id must be "vpc-" followed by 8 or 17`}},
		{serviceManaged(tg, `vpc_id = "vpc-0A1B2C3D"`), []string{`mode.service_managed.vpc_id must be "vpc-"`}},
		{serviceManaged(tg, `vpc_id = "subnet-12345678"`), []string{`mode.service_managed.vpc_id must be "vpc-"`}},
		{serviceManaged(tg, `vpc_id = "vpc"`), []string{`mode.service_managed.vpc_id must be 5 to 50 characters long`}},
	})
}

func TestAccPrivateConnection_invalidSubnetIDs(t *testing.T) {
	tg := acctest.NewTarget(t)
	many := make([]string, 21)
	for i := range many {
		many[i] = fmt.Sprintf("subnet-%08d", i)
	}
	testRejectedAtPlan(t, []rejected{
		{serviceManaged(tg, `subnet_ids = []`), []string{"Attribute mode.service_managed.subnet_ids set must contain at least 1 elements and at most 20 elements"}},
		{serviceManaged(tg, "subnet_ids = "+hclList(many)), []string{"mode.service_managed.subnet_ids set must contain at least 1 elements and at most 20"}},
		{serviceManaged(tg, `subnet_ids = ["subnet-123"]`), []string{`mode.service_managed.subnet_ids`, `must be 15 to 24 characters long`}},
		{serviceManaged(tg, `subnet_ids = ["subnet-ABCDEFGH"]`), []string{`mode.service_managed.subnet_ids`, `must be "subnet-" followed by 8 or 17`}},
	})
}

func TestAccPrivateConnection_invalidSecurityGroupIDs(t *testing.T) {
	tg := acctest.NewTarget(t)
	testRejectedAtPlan(t, []rejected{
		{serviceManaged(tg, `security_group_ids = []`), []string{"Attribute mode.service_managed.security_group_ids set must contain at least 1 elements"}},
		{serviceManaged(tg, `security_group_ids = ["sg-123"]`), []string{`mode.service_managed.security_group_ids`, `must be "sg-" followed by 8 or 17`}},
		{serviceManaged(tg, `security_group_ids = ["vpc-12345678"]`), []string{`mode.service_managed.security_group_ids`, `must be "sg-"`}},
	})
}

func TestAccPrivateConnection_invalidIPAddressType(t *testing.T) {
	tg := acctest.NewTarget(t)
	testRejectedAtPlan(t, []rejected{
		{serviceManaged(tg, `ip_address_type = "ipv4"`), []string{`Attribute mode.service_managed.ip_address_type value must be one of: ["IPV4" "IPV6" "DUAL_STACK"]`}},
		{serviceManaged(tg, `ip_address_type = "DUALSTACK"`), []string{`mode.service_managed.ip_address_type value must be one of`}},
	})
}

func TestAccPrivateConnection_invalidIPv4AddressesPerENI(t *testing.T) {
	tg := acctest.NewTarget(t)
	testRejectedAtPlan(t, []rejected{
		{serviceManaged(tg, `ipv4_addresses_per_eni = 0`), []string{"Attribute mode.service_managed.ipv4_addresses_per_eni value must be between 1 and 62, got: 0"}},
		{serviceManaged(tg, `ipv4_addresses_per_eni = 63`), []string{"mode.service_managed.ipv4_addresses_per_eni value must be between 1 and 62, got: 63"}},
	})
}

func TestAccPrivateConnection_invalidPortRanges(t *testing.T) {
	tg := acctest.NewTarget(t)
	twelve := make([]string, 12)
	for i := range twelve {
		twelve[i] = fmt.Sprint(8000 + i)
	}
	const rule = "must be a port from 1 to 65535 or a range such as 8000-8100"
	testRejectedAtPlan(t, []rejected{
		{serviceManaged(tg, `port_ranges = []`), []string{"Attribute mode.service_managed.port_ranges set must contain at least 1 elements and at most 11"}},
		{serviceManaged(tg, "port_ranges = "+hclList(twelve)), []string{"mode.service_managed.port_ranges set must contain at least 1 elements and at most 11"}},
		{serviceManaged(tg, `port_ranges = ["0"]`), []string{"mode.service_managed.port_ranges", rule}},
		{serviceManaged(tg, `port_ranges = ["65536"]`), []string{"mode.service_managed.port_ranges", rule}},
		{serviceManaged(tg, `port_ranges = ["https"]`), []string{"mode.service_managed.port_ranges", rule}},
		{serviceManaged(tg, `port_ranges = ["0443"]`), []string{"mode.service_managed.port_ranges", rule}},
		{serviceManaged(tg, `port_ranges = ["8100-8000"]`), []string{"mode.service_managed.port_ranges", `range "8100-8000" starts above its end`}},
		{serviceManaged(tg, `port_ranges = ["8000-"]`), []string{"mode.service_managed.port_ranges", rule}},
		{serviceManaged(tg, `port_ranges = ["80-90-100"]`), []string{"mode.service_managed.port_ranges", rule}},
	})
}

func TestAccPrivateConnection_invalidResourceConfigurationID(t *testing.T) {
	tg := acctest.NewTarget(t)
	const path = "Attribute mode.self_managed.resource_configuration_id"
	testRejectedAtPlan(t, []rejected{
		{configSelfManaged(tg, "valid-name", "rcfg-123", ""), []string{path + " must be 20 to 2048 characters long, got 8"}},
		{configSelfManaged(tg, "valid-name", "rcfg-0A1B2C3D4E5F60718", ""), []string{path + ` must be a resource configuration id`}},
		{configSelfManaged(tg, "valid-name", "arn:aws:vpc-lattice:us-east-1:123:resourceconfiguration/rcfg-0a1b2c3d4e5f60718", ""), []string{path + ` must be a resource configuration id`}},
		{configSelfManaged(tg, "valid-name", "arn:aws:vpc-lattice:us-east-1:123456789012:resourcegateway/rgw-0a1b2c3d4e5f60718", ""), []string{path + ` must be a resource configuration id`}},
	})
}

func TestAccPrivateConnection_invalidCertificate(t *testing.T) {
	tg := acctest.NewTarget(t)
	rcfg := tg.ResourceConfigurationID
	const key = "-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEIJ+DYvh6SEqVTm50DFtMDoQikTmiCqirVv9mWG9qfSnF\n-----END PRIVATE KEY-----\n"
	testRejectedAtPlan(t, []rejected{
		{configSelfManaged(tg, "valid-name", rcfg, `certificate = "not a certificate"`), []string{"Attribute certificate has text outside its PEM blocks"}},
		{configSelfManaged(tg, "valid-name", rcfg, `certificate = ""`), []string{"Attribute certificate must be 1 to 32768 characters long, got 0"}},
		{configSelfManaged(tg, "valid-name", rcfg, "certificate = "+heredoc(key)), []string{`Attribute certificate holds a "PRIVATE KEY" PEM block; only CERTIFICATE blocks are allowed`}},
		{configSelfManaged(tg, "valid-name", rcfg, "certificate = "+heredoc("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----")), []string{"Attribute certificate certificate 1 does not parse"}},
	})
}

func TestAccPrivateConnection_invalidTags(t *testing.T) {
	tg := acctest.NewTarget(t)
	rcfg := tg.ResourceConfigurationID
	long := strings.Repeat("k", 129)
	testRejectedAtPlan(t, []rejected{
		{configSelfManaged(tg, "valid-name", rcfg, fmt.Sprintf(`tags = { %q = "x" }`, long)), []string{"Attribute tags", "must be 1 to 128 characters long, got 129"}},
		{configSelfManaged(tg, "valid-name", rcfg, `tags = { "" = "x" }`), []string{"Attribute tags", "must be 1 to 128 characters long, got 0"}},
		{configSelfManaged(tg, "valid-name", rcfg, `tags = { "team!" = "x" }`), []string{"Attribute tags", "must contain only Unicode letters, numbers and spaces"}},
		{configSelfManaged(tg, "valid-name", rcfg, fmt.Sprintf(`tags = { team = %q }`, strings.Repeat("é", 257))), []string{`Attribute tags["team"] must be 0 to 256 characters long, got 257`}},
		{configSelfManaged(tg, "valid-name", rcfg, `tags = { team = "a#b" }`), []string{`Attribute tags["team"] must contain only Unicode letters`}},
	})
}

func TestAccPrivateConnection_modeBothMembers(t *testing.T) {
	tg := acctest.NewTarget(t)
	config := tg.ProviderConfig + fmt.Sprintf(`
resource "devopsagent_private_connection" "test" {
  name = "valid-name"
  mode = {
    self_managed = {
      resource_configuration_id = %[1]q
    }
    service_managed = {
      host_address = %[2]q
      vpc_id       = %[3]q
      subnet_ids   = %[4]s
    }
  }
}
`, tg.ResourceConfigurationID, tg.HostAddress, tg.VPCID, hclList(tg.SubnetIDs))
	testRejectedAtPlan(t, []rejected{{config, []string{
		`Attribute mode must hold exactly one of "service_managed", "self_managed", but both are set.`,
	}}})
}

func TestAccPrivateConnection_modeNoMember(t *testing.T) {
	tg := acctest.NewTarget(t)
	config := tg.ProviderConfig + `
resource "devopsagent_private_connection" "test" {
  name = "valid-name"
  mode = {}
}
`
	testRejectedAtPlan(t, []rejected{{config, []string{
		`Attribute mode must hold exactly one of "service_managed", "self_managed", but neither is set.`,
	}}})
}
