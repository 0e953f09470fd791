// Copyright (c) The terraform-provider-devopsagent authors
// SPDX-License-Identifier: MPL-2.0

package privateconnection

import (
	"maps"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

const testGatewayARN = "arn:aws:vpc-lattice:us-east-1:123456789012:resourcegateway/rgw-0123456789abcdefg"

// importedModel is the state an import leaves: id and name, all else null.
func importedModel(name string) resourceModel {
	return resourceModel{
		Name:                     types.StringValue(name),
		ID:                       types.StringValue(name),
		Mode:                     types.ObjectNull(modeAttrTypes),
		Certificate:              types.StringNull(),
		Tags:                     types.MapNull(types.StringType),
		ARN:                      types.StringNull(),
		Type:                     types.StringNull(),
		Status:                   types.StringNull(),
		ResourceGatewayID:        types.StringNull(),
		ResourceConfigurationARN: types.StringNull(),
		CertificateExpiryTime:    types.StringNull(),
	}
}

func serviceManagedConnection(name string) connection {
	return connection{
		Name:              name,
		Type:              typeServiceManaged,
		Status:            statusActive,
		HostAddress:       "db.internal.example.com",
		VPCID:             "vpc-0a1b2c3d",
		ResourceGatewayID: testGatewayARN,
		TagsReported:      true,
	}
}

func selfManagedConnection(name, rcfg string) connection {
	return connection{
		Name:                    name,
		Type:                    typeSelfManaged,
		Status:                  statusActive,
		ResourceConfigurationID: rcfg,
		TagsReported:            true,
	}
}

func checkString(t *testing.T, what string, got, want types.String) {
	t.Helper()
	if !got.Equal(want) {
		t.Errorf("%s = %s, want %s", what, got, want)
	}
}

func checkMode(t *testing.T, got, want types.Object) {
	t.Helper()
	if !got.Equal(want) {
		t.Errorf("mode =\n  %s\nwant\n  %s", got, want)
	}
}

func TestFlatten_import(t *testing.T) {
	cases := map[string]struct {
		conn        connection
		wantMode    types.Object
		wantGateway types.String
		wantRcfgARN types.String
	}{
		"service managed": {
			conn: serviceManagedConnection("imported"),
			wantMode: serviceManagedMode(map[string]attr.Value{
				"host_address": types.StringValue("db.internal.example.com"),
				"vpc_id":       types.StringValue("vpc-0a1b2c3d"),
			}),
			wantGateway: types.StringValue(testGatewayARN),
			wantRcfgARN: types.StringNull(),
		},
		"self managed": {
			conn:        selfManagedConnection("imported", testRcfgARN),
			wantMode:    selfManagedMode(testRcfgARN),
			wantGateway: types.StringNull(),
			wantRcfgARN: types.StringValue(testRcfgARN),
		},
		"service managed without host or vpc reported": {
			conn:        connection{Name: "imported", Type: typeServiceManaged, Status: statusCreateInProgress},
			wantMode:    serviceManagedMode(nil),
			wantGateway: types.StringNull(),
			wantRcfgARN: types.StringNull(),
		},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			got, diags := flatten(t.Context(), tc.conn, importedModel("imported"))
			if diags.HasError() {
				t.Fatalf("unexpected diagnostics: %v", diags)
			}
			checkMode(t, got.Mode, tc.wantMode)
			checkString(t, "id", got.ID, types.StringValue("imported"))
			checkString(t, "name", got.Name, types.StringValue("imported"))
			checkString(t, "type", got.Type, types.StringValue(tc.conn.Type))
			checkString(t, "status", got.Status, types.StringValue(tc.conn.Status))
			checkString(t, "resource_gateway_id", got.ResourceGatewayID, tc.wantGateway)
			checkString(t, "resource_configuration_arn", got.ResourceConfigurationARN, tc.wantRcfgARN)
			checkString(t, "certificate", got.Certificate, types.StringNull())
			checkString(t, "certificate_expiry_time", got.CertificateExpiryTime, types.StringNull())
			checkString(t, "arn", got.ARN, types.StringNull())
			if !got.Tags.IsNull() {
				t.Errorf("tags = %s, want null", got.Tags)
			}
		})
	}
}

func TestFlatten_keepsUnreadableInputs(t *testing.T) {
	prior := plannedModel("conn", serviceManagedMode(fullServiceManaged()))
	prior.Certificate = types.StringValue(testPEM)
	conn := serviceManagedConnection("conn")
	conn.HostAddress = "db2.internal.example.com"
	conn.VPCID = "vpc-0a1b2c3e"

	got, diags := flatten(t.Context(), conn, prior)
	if diags.HasError() {
		t.Fatalf("unexpected diagnostics: %v", diags)
	}
	want := fullServiceManaged()
	want["host_address"] = types.StringValue("db2.internal.example.com")
	want["vpc_id"] = types.StringValue("vpc-0a1b2c3e")
	checkMode(t, got.Mode, serviceManagedMode(want))
	checkString(t, "certificate", got.Certificate, types.StringValue(testPEM))
	// What create planned as unknown becomes known or null.
	checkString(t, "arn", got.ARN, types.StringNull())
	checkString(t, "type", got.Type, types.StringValue(typeServiceManaged))
	checkString(t, "resource_configuration_arn", got.ResourceConfigurationARN, types.StringNull())
}

func TestFlatten_hostAndVPCFromAPI(t *testing.T) {
	priorSM := map[string]attr.Value{
		"host_address": types.StringValue("old.example.com"),
		"vpc_id":       types.StringValue("vpc-0000000a"),
		"subnet_ids":   stringSetOf("subnet-0a1b2c3d"),
	}
	cases := map[string]struct {
		prior            map[string]attr.Value
		apiHost, apiVPC  string
		wantHost, wantVP types.String
	}{
		"api values replace prior": {
			prior: priorSM, apiHost: "new.example.com", apiVPC: "vpc-0000000b",
			wantHost: types.StringValue("new.example.com"), wantVP: types.StringValue("vpc-0000000b"),
		},
		"absent api values keep prior": {
			prior:    priorSM,
			wantHost: types.StringValue("old.example.com"), wantVP: types.StringValue("vpc-0000000a"),
		},
		"absent api values and unknown prior become null": {
			prior: map[string]attr.Value{
				"host_address": types.StringUnknown(),
				"vpc_id":       types.StringUnknown(),
				"subnet_ids":   stringSetOf("subnet-0a1b2c3d"),
			},
			wantHost: types.StringNull(), wantVP: types.StringNull(),
		},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			conn := serviceManagedConnection("conn")
			conn.HostAddress, conn.VPCID = tc.apiHost, tc.apiVPC
			got, diags := flatten(t.Context(), conn, plannedModel("conn", serviceManagedMode(tc.prior)))
			if diags.HasError() {
				t.Fatalf("unexpected diagnostics: %v", diags)
			}
			want := maps.Clone(tc.prior)
			want["host_address"], want["vpc_id"] = tc.wantHost, tc.wantVP
			checkMode(t, got.Mode, serviceManagedMode(want))
		})
	}
}

func TestFlatten_resourceConfigurationID(t *testing.T) {
	const (
		otherID      = "rcfg-aaaaaaaaaaaaaaaaa"
		otherIDARN   = "arn:aws:vpc-lattice:us-east-1:123456789012:resourceconfiguration/" + otherID
		otherAccount = "arn:aws:vpc-lattice:us-east-1:210987654321:resourceconfiguration/" + testRcfgID
	)
	cases := map[string]struct {
		prior, reported, want string
	}{
		"short id kept for its own arn":       {prior: testRcfgID, reported: testRcfgARN, want: testRcfgID},
		"arn kept for the same arn":           {prior: testRcfgARN, reported: testRcfgARN, want: testRcfgARN},
		"short id replaced for another's arn": {prior: testRcfgID, reported: otherIDARN, want: otherIDARN},
		"arn replaced for another's arn":      {prior: testRcfgARN, reported: otherIDARN, want: otherIDARN},
		"arn replaced for another account":    {prior: testRcfgARN, reported: otherAccount, want: otherAccount},
		"prior kept when none reported":       {prior: testRcfgID, reported: "", want: testRcfgID},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			got, diags := flatten(t.Context(), selfManagedConnection("conn", tc.reported),
				plannedModel("conn", selfManagedMode(tc.prior)))
			if diags.HasError() {
				t.Fatalf("unexpected diagnostics: %v", diags)
			}
			checkMode(t, got.Mode, selfManagedMode(tc.want))
			wantARN := types.StringNull()
			if tc.reported != "" {
				wantARN = types.StringValue(tc.reported)
			}
			checkString(t, "resource_configuration_arn", got.ResourceConfigurationARN, wantARN)
			checkString(t, "resource_gateway_id", got.ResourceGatewayID, types.StringNull())
		})
	}
}

func TestFlatten_tags(t *testing.T) {
	null := types.MapNull(types.StringType)
	empty := tagsOf(map[string]string{})
	a1 := map[string]string{"a": "1"}
	cases := map[string]struct {
		reported map[string]string
		notSent  bool // TagsReported false
		prior    types.Map
		want     types.Map
	}{
		"none reported, prior null":     {prior: null, want: null},
		"none reported, prior empty":    {prior: empty, want: empty},
		"empty reported, prior empty":   {reported: map[string]string{}, prior: empty, want: empty},
		"none reported, prior unknown":  {prior: types.MapUnknown(types.StringType), want: null},
		"none reported, prior had tags": {prior: tagsOf(a1), want: null},
		"reported, prior null":          {reported: a1, prior: null, want: tagsOf(a1)},
		"reported, prior empty":         {reported: a1, prior: empty, want: tagsOf(a1)},
		"reported replace prior": {
			reported: map[string]string{"b": "2", "c": ""},
			prior:    tagsOf(a1),
			want:     tagsOf(map[string]string{"b": "2", "c": ""}),
		},
		"not reported keeps prior tags": {notSent: true, prior: tagsOf(a1), want: tagsOf(a1)},
		"not reported keeps prior null": {notSent: true, prior: null, want: null},
		"not reported ignores stray tags": {
			notSent: true, reported: map[string]string{"x": "y"}, prior: empty, want: empty,
		},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			conn := selfManagedConnection("conn", testRcfgARN)
			conn.Tags = tc.reported
			conn.TagsReported = !tc.notSent
			prior := plannedModel("conn", selfManagedMode(testRcfgARN))
			prior.Tags = tc.prior
			got, diags := flatten(t.Context(), conn, prior)
			if diags.HasError() {
				t.Fatalf("unexpected diagnostics: %v", diags)
			}
			if !got.Tags.Equal(tc.want) {
				t.Errorf("tags = %s, want %s", got.Tags, tc.want)
			}
		})
	}
}

func TestFlatten_certificateExpiryTime(t *testing.T) {
	plus5 := time.FixedZone("UTC+5", 5*60*60)
	cases := map[string]struct {
		expiry *time.Time
		want   types.String
	}{
		"none": {want: types.StringNull()},
		"utc": {
			expiry: ptr(time.Date(2030, 1, 2, 3, 4, 5, 0, time.UTC)),
			want:   types.StringValue("2030-01-02T03:04:05Z"),
		},
		"other zone": {
			expiry: ptr(time.Date(2030, 1, 2, 8, 4, 5, 0, plus5)),
			want:   types.StringValue("2030-01-02T03:04:05Z"),
		},
		"across a day": {
			expiry: ptr(time.Date(2030, 1, 1, 2, 0, 0, 0, plus5)),
			want:   types.StringValue("2029-12-31T21:00:00Z"),
		},
		"fraction dropped": {
			expiry: ptr(time.Date(2030, 1, 2, 3, 4, 5, 999_000_000, time.UTC)),
			want:   types.StringValue("2030-01-02T03:04:05Z"),
		},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			conn := serviceManagedConnection("conn")
			conn.CertificateExpiryTime = tc.expiry
			got, diags := flatten(t.Context(), conn, importedModel("conn"))
			if diags.HasError() {
				t.Fatalf("unexpected diagnostics: %v", diags)
			}
			checkString(t, "certificate_expiry_time", got.CertificateExpiryTime, tc.want)
		})
	}
}

func ptr[T any](v T) *T { return &v }

func TestFlatten_unknownTypeKeepsPriorMode(t *testing.T) {
	priors := map[string]types.Object{
		"service managed": serviceManagedMode(fullServiceManaged()),
		"self managed":    selfManagedMode(testRcfgID),
		"null":            types.ObjectNull(modeAttrTypes),
	}
	for name, mode := range priors {
		t.Run(name, func(t *testing.T) {
			prior := importedModel("conn")
			prior.Mode = mode
			conn := connection{
				Name: "conn", Type: "SOMETHING_NEW", Status: statusActive,
				HostAddress: "x.example.com", ResourceConfigurationID: testRcfgARN, TagsReported: true,
			}
			got, diags := flatten(t.Context(), conn, prior)
			if diags.HasError() {
				t.Fatalf("unexpected diagnostics: %v", diags)
			}
			checkMode(t, got.Mode, mode)
			checkString(t, "type", got.Type, types.StringValue("SOMETHING_NEW"))
		})
	}
}

func TestFlatten_typeChangeClearsOtherMember(t *testing.T) {
	cases := map[string]struct {
		prior types.Object
		conn  connection
		want  types.Object
	}{
		"self managed reported for a service managed prior": {
			prior: serviceManagedMode(fullServiceManaged()),
			conn:  selfManagedConnection("conn", testRcfgARN),
			want:  selfManagedMode(testRcfgARN),
		},
		"service managed reported for a self managed prior": {
			prior: selfManagedMode(testRcfgID),
			conn:  serviceManagedConnection("conn"),
			want: serviceManagedMode(map[string]attr.Value{
				"host_address": types.StringValue("db.internal.example.com"),
				"vpc_id":       types.StringValue("vpc-0a1b2c3d"),
			}),
		},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			prior := importedModel("conn")
			prior.Mode = tc.prior
			got, diags := flatten(t.Context(), tc.conn, prior)
			if diags.HasError() {
				t.Fatalf("unexpected diagnostics: %v", diags)
			}
			checkMode(t, got.Mode, tc.want)
		})
	}
}

func TestFlatten_knownARNKept(t *testing.T) {
	const arn = "arn:aws:aidevops:us-east-1:123456789012:private-connection/conn"
	prior := importedModel("conn")
	prior.ARN = types.StringValue(arn)
	got, diags := flatten(t.Context(), serviceManagedConnection("conn"), prior)
	if diags.HasError() {
		t.Fatalf("unexpected diagnostics: %v", diags)
	}
	checkString(t, "arn", got.ARN, types.StringValue(arn))
}
