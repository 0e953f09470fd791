// Copyright (c) The terraform-provider-devopsagent authors
// SPDX-License-Identifier: MPL-2.0

package validate

import (
	"bytes"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Name reports whether s is a valid private connection name.
func Name(s string) error {
	if err := runeLength(s, NameMinLength, NameMaxLength); err != nil {
		return err
	}
	if !nameRegexp.MatchString(s) {
		return errors.New("must contain only lowercase letters, digits and hyphens, " +
			"and start and end with a letter or digit")
	}
	return nil
}

// HostAddress reports whether s is a valid host address (an IP address or DNS name).
func HostAddress(s string) error {
	if err := runeLength(s, HostAddressMinLength, HostAddressMaxLength); err != nil {
		return err
	}
	if !hostAddressRegexp.MatchString(s) {
		return errors.New("must contain only letters, digits, dots, colons and hyphens")
	}
	return nil
}

// VPCID reports whether s is a valid VPC id.
func VPCID(s string) error {
	if err := runeLength(s, VPCIDMinLength, VPCIDMaxLength); err != nil {
		return err
	}
	if !vpcIDRegexp.MatchString(s) {
		return errors.New(`must be "vpc-" followed by 8 or 17 lowercase letters or digits`)
	}
	return nil
}

// SubnetID reports whether s is a valid subnet id.
func SubnetID(s string) error {
	if err := runeLength(s, SubnetIDMinLength, SubnetIDMaxLength); err != nil {
		return err
	}
	if !subnetIDRegexp.MatchString(s) {
		return errors.New(`must be "subnet-" followed by 8 or 17 lowercase letters or digits`)
	}
	return nil
}

// SecurityGroupID reports whether s is a valid security group id.
func SecurityGroupID(s string) error {
	if !securityGroupRe.MatchString(s) {
		return errors.New(`must be "sg-" followed by 8 or 17 lowercase letters or digits`)
	}
	return nil
}

// IPAddressType reports whether s is one of IPAddressTypes.
func IPAddressType(s string) error {
	for _, v := range IPAddressTypes {
		if s == v {
			return nil
		}
	}
	return fmt.Errorf("must be one of %s", quotedList(IPAddressTypes))
}

// PortRange reports whether s is a TCP port ("443") or an inclusive range of
// ports ("8000-8100"), each from 1 to 65535 and written without leading zeros.
func PortRange(s string) error {
	low, high, isRange := strings.Cut(s, "-")
	lo, err := port(low)
	if err != nil {
		return err
	}
	if !isRange {
		return nil
	}
	hi, err := port(high)
	if err != nil {
		return err
	}
	if lo > hi {
		return fmt.Errorf("range %q starts above its end", s)
	}
	return nil
}

func port(s string) (int, error) {
	const rule = "must be a port from 1 to 65535 or a range such as 8000-8100"
	if s == "" || s[0] == '0' || len(s) > 5 {
		return 0, errors.New(rule)
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return 0, errors.New(rule)
		}
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < PortMin || n > PortMax {
		return 0, errors.New(rule)
	}
	return n, nil
}

// ResourceConfigurationID reports whether s is a VPC Lattice resource
// configuration id (rcfg-...) or ARN.
func ResourceConfigurationID(s string) error {
	err := runeLength(s, ResourceConfigurationIDMinLength, ResourceConfigurationIDMaxLength)
	if err != nil {
		return err
	}
	if !shortResourceConfigurationIDRegexp.MatchString(s) && !resourceConfigurationARNRegexp.MatchString(s) {
		return errors.New(`must be a resource configuration id ("rcfg-" followed by 17 lowercase ` +
			`letters or digits) or its VPC Lattice ARN`)
	}
	return nil
}

// ShortResourceConfigurationID returns the rcfg-... id inside s, which is
// either that id itself or a resource configuration ARN.
func ShortResourceConfigurationID(s string) (string, bool) {
	if shortResourceConfigurationIDRegexp.MatchString(s) {
		return s, true
	}
	if m := resourceConfigurationARNRegexp.FindStringSubmatch(s); m != nil {
		return m[4], true
	}
	return "", false
}

// TagKey reports whether s is a valid tag key.
func TagKey(s string) error {
	if err := runeLength(s, TagKeyMinLength, TagKeyMaxLength); err != nil {
		return err
	}
	return tagCharacters(s)
}

// TagValue reports whether s is a valid tag value.
func TagValue(s string) error {
	if err := runeLength(s, TagValueMinLength, TagValueMaxLength); err != nil {
		return err
	}
	return tagCharacters(s)
}

func tagCharacters(s string) error {
	if !tagRegexp.MatchString(s) {
		return errors.New("must contain only Unicode letters, numbers and spaces, and _ . : / = + - @")
	}
	return nil
}

const pemWhitespace = " \t\r\n"

// Certificates parses s as one or more PEM-encoded X.509 certificates and
// nothing else.
func Certificates(s string) ([]*x509.Certificate, error) {
	if err := runeLength(s, CertificateMinLength, CertificateMaxLength); err != nil {
		return nil, err
	}
	var certs []*x509.Certificate
	rest := []byte(s)
	for {
		// Only the ASCII whitespace PEM text may carry (RFC 7468), not
		// every Unicode space that bytes.TrimSpace would take.
		rest = bytes.Trim(rest, pemWhitespace)
		if len(rest) == 0 {
			break
		}
		if !bytes.HasPrefix(rest, []byte("-----BEGIN ")) {
			return nil, errors.New("has text outside its PEM blocks")
		}
		// pem.Decode skips a block it cannot decode and returns the next
		// one; a second BEGIN line in what it consumed gives that away.
		block, after := pem.Decode(rest)
		consumed := rest[:len(rest)-len(after)]
		if block == nil || bytes.Count(consumed, []byte("-----BEGIN ")) != 1 {
			return nil, fmt.Errorf("PEM block %d is malformed", len(certs)+1)
		}
		rest = after
		if len(block.Headers) > 0 {
			return nil, fmt.Errorf("PEM block %d has headers; certificate blocks carry none", len(certs)+1)
		}
		if block.Type != "CERTIFICATE" {
			return nil, fmt.Errorf("holds a %q PEM block; only CERTIFICATE blocks are allowed", block.Type)
		}
		cert, err := x509.ParseCertificate(block.Bytes)
		if err != nil {
			return nil, fmt.Errorf("certificate %d does not parse: %w", len(certs)+1, err)
		}
		certs = append(certs, cert)
	}
	if len(certs) == 0 {
		return nil, errors.New("must hold one or more PEM-encoded certificates " +
			"(-----BEGIN CERTIFICATE-----)")
	}
	return certs, nil
}

func runeLength(s string, minLen, maxLen int) error {
	n := utf8.RuneCountInString(s)
	if n < minLen || n > maxLen {
		if minLen == maxLen {
			return fmt.Errorf("must be %d characters long, got %d", minLen, n)
		}
		return fmt.Errorf("must be %d to %d characters long, got %d", minLen, maxLen, n)
	}
	return nil
}

func quotedList(values []string) string {
	quoted := make([]string, len(values))
	for i, v := range values {
		quoted[i] = strconv.Quote(v)
	}
	return strings.Join(quoted, ", ")
}
