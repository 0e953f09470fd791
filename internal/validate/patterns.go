// Copyright (c) The terraform-provider-devopsagent authors
// SPDX-License-Identifier: MPL-2.0

// Package validate holds the plan-time checks for the DevOps Agent API's input
// constraints. Each rule is a plain function that unit and fuzz tests reach
// directly, wrapped in a framework validator for the schema.
package validate

import "regexp"

// Length limits and patterns of the DevOps Agent API's private connection inputs.
const (
	NameMinLength = 3
	NameMaxLength = 30

	HostAddressMinLength = 3
	HostAddressMaxLength = 255

	VPCIDMinLength = 5
	VPCIDMaxLength = 50

	SubnetIDsMinItems  = 1
	SubnetIDsMaxItems  = 20
	SubnetIDMinLength  = 15
	SubnetIDMaxLength  = 24
	PortRangesMinItems = 1
	PortRangesMaxItems = 11
	PortMin            = 1
	PortMax            = 65535

	IPv4AddressesPerENIMin = 1
	IPv4AddressesPerENIMax = 62

	ResourceConfigurationIDMinLength = 20
	ResourceConfigurationIDMaxLength = 2048

	CertificateMinLength = 1
	CertificateMaxLength = 32768

	TagKeyMinLength   = 1
	TagKeyMaxLength   = 128
	TagValueMinLength = 0
	TagValueMaxLength = 256
)

// IPAddressTypes lists the values the API accepts for ipAddressType.
var IPAddressTypes = []string{"IPV4", "IPV6", "DUAL_STACK"}

var (
	nameRegexp        = regexp.MustCompile(`^[a-z0-9]([a-z0-9-]*[a-z0-9])?$`)
	hostAddressRegexp = regexp.MustCompile(`^[a-zA-Z0-9.:\-]+$`)
	vpcIDRegexp       = regexp.MustCompile(`^vpc-([0-9a-z]{8}|[0-9a-z]{17})$`)
	subnetIDRegexp    = regexp.MustCompile(`^subnet-([0-9a-z]{8}|[0-9a-z]{17})$`)
	securityGroupRe   = regexp.MustCompile(`^sg-([0-9a-z]{8}|[0-9a-z]{17})$`)
	tagRegexp         = regexp.MustCompile(`^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$`)

	// A resource configuration is named either by its short id or by its ARN.
	shortResourceConfigurationIDRegexp = regexp.MustCompile(`^rcfg-[0-9a-z]{17}$`)
	resourceConfigurationARNRegexp     = regexp.MustCompile(
		`^arn:([a-z0-9\-]+):vpc-lattice:([a-zA-Z0-9\-]+):(\d{12}):resourceconfiguration/(rcfg-[0-9a-z]{17})$`)
)
