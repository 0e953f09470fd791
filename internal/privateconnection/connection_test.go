// Copyright (c) The terraform-provider-devopsagent authors
// SPDX-License-Identifier: MPL-2.0

package privateconnection

import (
	"maps"
	"reflect"
	"slices"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/devopsagent"
	awstypes "github.com/aws/aws-sdk-go-v2/service/devopsagent/types"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

const (
	testRcfgID  = "rcfg-0123456789abcdefg"
	testRcfgARN = "arn:aws:vpc-lattice:us-east-1:123456789012:resourceconfiguration/" + testRcfgID
	testPEM     = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n"
)

func stringSetOf(values ...string) types.Set {
	elems := make([]attr.Value, len(values))
	for i, v := range values {
		elems[i] = types.StringValue(v)
	}
	return types.SetValueMust(types.StringType, elems)
}

func tagsOf(kv map[string]string) types.Map {
	elems := make(map[string]attr.Value, len(kv))
	for k, v := range kv {
		elems[k] = types.StringValue(v)
	}
	return types.MapValueMust(types.StringType, elems)
}

// serviceManagedObject returns a service_managed object: the attributes
// given, every other one null.
func serviceManagedObject(set map[string]attr.Value) types.Object {
	attrs := map[string]attr.Value{
		"host_address":           types.StringNull(),
		"vpc_id":                 types.StringNull(),
		"subnet_ids":             types.SetNull(types.StringType),
		"security_group_ids":     types.SetNull(types.StringType),
		"ip_address_type":        types.StringNull(),
		"ipv4_addresses_per_eni": types.Int64Null(),
		"port_ranges":            types.SetNull(types.StringType),
	}
	maps.Copy(attrs, set)
	return types.ObjectValueMust(serviceManagedAttrTypes, attrs)
}

func selfManagedObject(id types.String) types.Object {
	return types.ObjectValueMust(selfManagedAttrTypes, map[string]attr.Value{"resource_configuration_id": id})
}

func modeObject(serviceManaged, selfManaged types.Object) types.Object {
	return types.ObjectValueMust(modeAttrTypes, map[string]attr.Value{
		"service_managed": serviceManaged,
		"self_managed":    selfManaged,
	})
}

func serviceManagedMode(set map[string]attr.Value) types.Object {
	return modeObject(serviceManagedObject(set), types.ObjectNull(selfManagedAttrTypes))
}

func selfManagedMode(id string) types.Object {
	return modeObject(types.ObjectNull(serviceManagedAttrTypes), selfManagedObject(types.StringValue(id)))
}

// plannedModel is a resource as planned for create: inputs as given,
// computed values unknown.
func plannedModel(name string, mode types.Object) resourceModel {
	return resourceModel{
		Name:                     types.StringValue(name),
		Mode:                     mode,
		Certificate:              types.StringNull(),
		Tags:                     types.MapNull(types.StringType),
		ID:                       types.StringUnknown(),
		ARN:                      types.StringUnknown(),
		Type:                     types.StringUnknown(),
		Status:                   types.StringUnknown(),
		ResourceGatewayID:        types.StringUnknown(),
		ResourceConfigurationARN: types.StringUnknown(),
		CertificateExpiryTime:    types.StringUnknown(),
	}
}

func fullServiceManaged() map[string]attr.Value {
	return map[string]attr.Value{
		"host_address":           types.StringValue("db.internal.example.com"),
		"vpc_id":                 types.StringValue("vpc-0a1b2c3d"),
		"subnet_ids":             stringSetOf("subnet-0000000c", "subnet-0000000a", "subnet-0000000b"),
		"security_group_ids":     stringSetOf("sg-0000000z", "sg-0000000a"),
		"ip_address_type":        types.StringValue("DUAL_STACK"),
		"ipv4_addresses_per_eni": types.Int64Value(62),
		"port_ranges":            stringSetOf("8443", "443", "8000-8100"),
	}
}

func TestExpandCreateInput_modes(t *testing.T) {
	cases := map[string]struct {
		model func() resourceModel
		want  *devopsagent.CreatePrivateConnectionInput
	}{
		"service managed, every argument": {
			model: func() resourceModel {
				m := plannedModel("full", serviceManagedMode(fullServiceManaged()))
				m.Certificate = types.StringValue(testPEM)
				m.Tags = tagsOf(map[string]string{"team": "platform", "env": "prod"})
				return m
			},
			want: &devopsagent.CreatePrivateConnectionInput{
				Name: aws.String("full"),
				Mode: &awstypes.PrivateConnectionModeMemberServiceManaged{Value: awstypes.ServiceManagedInput{
					HostAddress:         aws.String("db.internal.example.com"),
					VpcId:               aws.String("vpc-0a1b2c3d"),
					SubnetIds:           []string{"subnet-0000000a", "subnet-0000000b", "subnet-0000000c"},
					SecurityGroupIds:    []string{"sg-0000000a", "sg-0000000z"},
					PortRanges:          []string{"443", "8000-8100", "8443"},
					IpAddressType:       awstypes.IpAddressTypeDualStack,
					Ipv4AddressesPerEni: aws.Int32(62),
					Certificate:         aws.String(testPEM),
				}},
				Tags: map[string]string{"team": "platform", "env": "prod"},
			},
		},
		"service managed, required arguments only": {
			model: func() resourceModel {
				return plannedModel("minimal", serviceManagedMode(map[string]attr.Value{
					"host_address": types.StringValue("10.0.0.7"),
					"vpc_id":       types.StringValue("vpc-0123456789abcdef0"),
					"subnet_ids":   stringSetOf("subnet-0123456789abcdef0"),
				}))
			},
			want: &devopsagent.CreatePrivateConnectionInput{
				Name: aws.String("minimal"),
				Mode: &awstypes.PrivateConnectionModeMemberServiceManaged{Value: awstypes.ServiceManagedInput{
					HostAddress: aws.String("10.0.0.7"),
					VpcId:       aws.String("vpc-0123456789abcdef0"),
					SubnetIds:   []string{"subnet-0123456789abcdef0"},
				}},
			},
		},
		"service managed, one address per ENI and empty tags": {
			model: func() resourceModel {
				m := plannedModel("one-eni", serviceManagedMode(map[string]attr.Value{
					"host_address":           types.StringValue("db"),
					"vpc_id":                 types.StringValue("vpc-0a1b2c3d"),
					"subnet_ids":             stringSetOf("subnet-0a1b2c3d"),
					"ip_address_type":        types.StringValue("IPV4"),
					"ipv4_addresses_per_eni": types.Int64Value(1),
				}))
				m.Tags = tagsOf(map[string]string{})
				return m
			},
			want: &devopsagent.CreatePrivateConnectionInput{
				Name: aws.String("one-eni"),
				Mode: &awstypes.PrivateConnectionModeMemberServiceManaged{Value: awstypes.ServiceManagedInput{
					HostAddress:         aws.String("db"),
					VpcId:               aws.String("vpc-0a1b2c3d"),
					SubnetIds:           []string{"subnet-0a1b2c3d"},
					IpAddressType:       awstypes.IpAddressTypeIpv4,
					Ipv4AddressesPerEni: aws.Int32(1),
				}},
			},
		},
		"self managed, short id with certificate and tags": {
			model: func() resourceModel {
				m := plannedModel("self", selfManagedMode(testRcfgID))
				m.Certificate = types.StringValue(testPEM)
				m.Tags = tagsOf(map[string]string{"a": ""})
				return m
			},
			want: &devopsagent.CreatePrivateConnectionInput{
				Name: aws.String("self"),
				Mode: &awstypes.PrivateConnectionModeMemberSelfManaged{Value: awstypes.SelfManagedInput{
					ResourceConfigurationId: aws.String(testRcfgID),
					Certificate:             aws.String(testPEM),
				}},
				Tags: map[string]string{"a": ""},
			},
		},
		"self managed, arn with empty tags": {
			model: func() resourceModel {
				m := plannedModel("self-arn", selfManagedMode(testRcfgARN))
				m.Tags = tagsOf(map[string]string{})
				return m
			},
			want: &devopsagent.CreatePrivateConnectionInput{
				Name: aws.String("self-arn"),
				Mode: &awstypes.PrivateConnectionModeMemberSelfManaged{Value: awstypes.SelfManagedInput{
					ResourceConfigurationId: aws.String(testRcfgARN),
				}},
			},
		},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			got, diags := expandCreateInput(t.Context(), tc.model())
			if diags.HasError() {
				t.Fatalf("unexpected diagnostics: %v", diags)
			}
			if !reflect.DeepEqual(got.Mode, tc.want.Mode) {
				t.Errorf("Mode = %#v\nwant %#v", got.Mode, tc.want.Mode)
			}
			if aws.ToString(got.Name) != aws.ToString(tc.want.Name) {
				t.Errorf("Name = %q, want %q", aws.ToString(got.Name), aws.ToString(tc.want.Name))
			}
			if !reflect.DeepEqual(got.Tags, tc.want.Tags) {
				t.Errorf("Tags = %#v, want %#v", got.Tags, tc.want.Tags)
			}
			// Nothing else is set.
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("input = %#v\nwant %#v", got, tc.want)
			}
		})
	}
}

func TestExpandCreateInput_noMode(t *testing.T) {
	cases := map[string]types.Object{
		"both members null": modeObject(types.ObjectNull(serviceManagedAttrTypes),
			types.ObjectNull(selfManagedAttrTypes)),
		"mode null": types.ObjectNull(modeAttrTypes),
	}
	for name, mode := range cases {
		t.Run(name, func(t *testing.T) {
			_, diags := expandCreateInput(t.Context(), plannedModel("x", mode))
			if !diags.HasError() {
				t.Fatal("want an error diagnostic, got none")
			}
			if name == "both members null" {
				d, ok := diags[0].(diag.DiagnosticWithPath)
				if !ok || !d.Path().Equal(path.Root("mode")) {
					t.Errorf("diagnostic %v is not on the mode attribute", diags[0])
				}
			}
		})
	}
}

func TestEquivalentResourceConfigurationIDs_cases(t *testing.T) {
	const (
		otherID      = "rcfg-aaaaaaaaaaaaaaaaa"
		otherAccount = "arn:aws:vpc-lattice:us-east-1:210987654321:resourceconfiguration/" + testRcfgID
		otherRegion  = "arn:aws:vpc-lattice:eu-west-1:123456789012:resourceconfiguration/" + testRcfgID
		otherPart    = "arn:aws-cn:vpc-lattice:us-east-1:123456789012:resourceconfiguration/" + testRcfgID
		otherIDARN   = "arn:aws:vpc-lattice:us-east-1:123456789012:resourceconfiguration/" + otherID
	)
	cases := map[string]struct {
		a, b string
		want bool
	}{
		"same short id":                 {a: testRcfgID, b: testRcfgID, want: true},
		"same arn":                      {a: testRcfgARN, b: testRcfgARN, want: true},
		"short id and its arn":          {a: testRcfgID, b: testRcfgARN, want: true},
		"arn and its short id":          {a: testRcfgARN, b: testRcfgID, want: true},
		"arns in two accounts":          {a: testRcfgARN, b: otherAccount},
		"arns in two regions":           {a: testRcfgARN, b: otherRegion},
		"arns in two partitions":        {a: testRcfgARN, b: otherPart},
		"different short ids":           {a: testRcfgID, b: otherID},
		"short id and another's arn":    {a: testRcfgID, b: otherIDARN},
		"arn and another short id":      {a: testRcfgARN, b: otherID},
		"short id and empty":            {a: testRcfgID, b: ""},
		"short id and invalid id":       {a: testRcfgID, b: "rcfg-0123"},
		"short id and uppercase of it":  {a: testRcfgID, b: "RCFG-0123456789ABCDEFG"},
		"arn and the id with a newline": {a: testRcfgARN, b: testRcfgID + "\n"},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			if got := equivalentResourceConfigurationIDs(tc.a, tc.b); got != tc.want {
				t.Errorf("equivalentResourceConfigurationIDs(%q, %q) = %t, want %t", tc.a, tc.b, got, tc.want)
			}
			if got := equivalentResourceConfigurationIDs(tc.b, tc.a); got != tc.want {
				t.Errorf("equivalentResourceConfigurationIDs(%q, %q) = %t, want %t", tc.b, tc.a, got, tc.want)
			}
		})
	}
}

func TestTagDiff_cases(t *testing.T) {
	cases := map[string]struct {
		oldTags, newTags map[string]string
		wantSet          map[string]string
		wantRemove       []string
	}{
		"both empty":    {},
		"nil and empty": {oldTags: nil, newTags: map[string]string{}},
		"unchanged":     {oldTags: map[string]string{"a": "1"}, newTags: map[string]string{"a": "1"}},
		"added from nil": {
			newTags: map[string]string{"a": "1", "b": "2"},
			wantSet: map[string]string{"a": "1", "b": "2"},
		},
		"all removed": {
			oldTags:    map[string]string{"c": "3", "a": "1", "b": "2"},
			wantRemove: []string{"a", "b", "c"},
		},
		"value changed": {
			oldTags: map[string]string{"a": "1"},
			newTags: map[string]string{"a": "2"},
			wantSet: map[string]string{"a": "2"},
		},
		"value emptied": {
			oldTags: map[string]string{"a": "1"},
			newTags: map[string]string{"a": ""},
			wantSet: map[string]string{"a": ""},
		},
		"key renamed": {
			oldTags:    map[string]string{"Team": "x"},
			newTags:    map[string]string{"team": "x"},
			wantSet:    map[string]string{"team": "x"},
			wantRemove: []string{"Team"},
		},
		"mixed": {
			oldTags:    map[string]string{"keep": "k", "change": "old", "zap": "z", "drop": "d"},
			newTags:    map[string]string{"keep": "k", "change": "new", "add": "a"},
			wantSet:    map[string]string{"change": "new", "add": "a"},
			wantRemove: []string{"drop", "zap"},
		},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			set, remove := tagDiff(tc.oldTags, tc.newTags)
			if !maps.Equal(set, tc.wantSet) {
				t.Errorf("set = %v, want %v", set, tc.wantSet)
			}
			if !slices.Equal(remove, tc.wantRemove) {
				t.Errorf("remove = %q, want %q", remove, tc.wantRemove)
			}
		})
	}
}

func TestAttributePathForField_cases(t *testing.T) {
	sm := path.Root("mode").AtName("service_managed")
	self := path.Root("mode").AtName("self_managed")
	cert := path.Root("certificate")
	exact := map[string]path.Path{
		"/name":                                     path.Root("name"),
		"/tags":                                     path.Root("tags"),
		"/mode":                                     path.Root("mode"),
		"/mode/serviceManaged":                      sm,
		"/mode/serviceManaged/hostAddress":          sm.AtName("host_address"),
		"/mode/serviceManaged/vpcId":                sm.AtName("vpc_id"),
		"/mode/serviceManaged/subnetIds":            sm.AtName("subnet_ids"),
		"/mode/serviceManaged/securityGroupIds":     sm.AtName("security_group_ids"),
		"/mode/serviceManaged/ipAddressType":        sm.AtName("ip_address_type"),
		"/mode/serviceManaged/ipv4AddressesPerEni":  sm.AtName("ipv4_addresses_per_eni"),
		"/mode/serviceManaged/portRanges":           sm.AtName("port_ranges"),
		"/mode/serviceManaged/certificate":          cert,
		"/mode/selfManaged":                         self,
		"/mode/selfManaged/resourceConfigurationId": self.AtName("resource_configuration_id"),
		"/mode/selfManaged/certificate":             cert,
		"/certificate":                              cert,
	}
	// Every pointer the map knows is tested here, so a new one needs a case.
	for pointer := range apiFieldPaths {
		if _, ok := exact[pointer]; !ok {
			t.Errorf("apiFieldPaths has %q, which this test does not cover", pointer)
		}
	}
	cases := map[string]struct {
		want   path.Path
		wantOK bool
	}{
		"/mode/serviceManaged/subnetIds/3":           {want: sm.AtName("subnet_ids"), wantOK: true},
		"/mode/serviceManaged/subnetIds/19":          {want: sm.AtName("subnet_ids"), wantOK: true},
		"/mode/serviceManaged/securityGroupIds/0":    {want: sm.AtName("security_group_ids"), wantOK: true},
		"/mode/serviceManaged/portRanges/10":         {want: sm.AtName("port_ranges"), wantOK: true},
		"/tags/team":                                 {want: path.Root("tags"), wantOK: true},
		"/tags/cost~1center":                         {want: path.Root("tags"), wantOK: true},
		"/mode/serviceManaged/dnsResolution":         {want: sm, wantOK: true},
		"/mode/selfManaged/resourceConfigurationId/": {want: self.AtName("resource_configuration_id"), wantOK: true},
		"":            {want: path.Empty()},
		"/":           {want: path.Empty()},
		"/bogus":      {want: path.Empty()},
		"/bogus/name": {want: path.Empty()},
		"/namespace":  {want: path.Empty()},
		"name":        {want: path.Empty()},
		"/Name":       {want: path.Empty()},
	}
	for pointer, want := range exact {
		cases[pointer] = struct {
			want   path.Path
			wantOK bool
		}{want: want, wantOK: true}
	}

	schema := resourceSchema(t.Context())
	for pointer, tc := range cases {
		t.Run(pointer, func(t *testing.T) {
			got, ok := attributePathForField(pointer)
			if ok != tc.wantOK || !got.Equal(tc.want) {
				t.Fatalf("attributePathForField(%q) = %s, %t; want %s, %t", pointer, got, ok, tc.want, tc.wantOK)
			}
			if ok {
				if _, d := schema.AttributeAtPath(t.Context(), got); d.HasError() {
					t.Fatalf("%s is not an attribute of the schema: %v", got, d)
				}
			}
		})
	}
}
