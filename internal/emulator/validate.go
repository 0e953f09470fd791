// Copyright (c) The terraform-provider-devopsagent authors
// SPDX-License-Identifier: MPL-2.0

package emulator

import (
	"bytes"
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"io"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// The API documents its patterns unanchored; every one of them is meant to match the
// whole value, so they are anchored here.
var (
	namePattern   = newPattern(`[a-z0-9]([a-z0-9-]*[a-z0-9])?`)
	tagPattern    = newPattern(`[\p{L}\p{Z}\p{N}_.:/=+\-@]*`)
	hostPattern   = newPattern(`[a-zA-Z0-9.:\-]+`)
	vpcPattern    = newPattern(`vpc-(([0-9a-z]{8})|([0-9a-z]{17}))`)
	subnetPattern = newPattern(`subnet-(([0-9a-z]{8})|([0-9a-z]{17}))`)
	sgPattern     = newPattern(`sg-(([0-9a-z]{8})|([0-9a-z]{17}))`)
	portPattern   = newPattern(`([1-9][0-9]{0,4})(-([1-9][0-9]{0,4}))?`)
	rcfgPattern   = newPattern(`(arn:[a-z0-9\-]+:vpc-lattice:[a-zA-Z0-9\-]+:\d{12}:` +
		`resourceconfiguration/rcfg-[0-9a-z]{17}|rcfg-[0-9a-z]{17})`)
	connARNPattern = regexp.MustCompile(
		`^arn:([a-z0-9-]+):aidevops:([a-z0-9-]+):(\d{12}):private-connection/(.+)$`)
)

// pattern is a whole-value regular expression that remembers its documented source.
type pattern struct {
	source string
	re     *regexp.Regexp
}

func newPattern(source string) pattern {
	return pattern{source: source, re: regexp.MustCompile(`^(?:` + source + `)$`)}
}

// IPAddressTypes lists the values ipAddressType accepts.
var IPAddressTypes = []string{"IPV4", "IPV6", "DUAL_STACK"}

// checker collects every failed constraint of one request, in document order.
type checker struct {
	fields []fieldError
}

func (c *checker) fail(path, format string, args ...any) {
	c.fields = append(c.fields, fieldError{Path: path, Message: fmt.Sprintf(format, args...)})
}

func (c *checker) failed() bool {
	return len(c.fields) > 0
}

// reply renders the collected failures as a ValidationException whose message
// summarises them the way AWS does.
func (c *checker) reply() reply {
	n := len(c.fields)
	parts := make([]string, n)
	for i, f := range c.fields {
		parts[i] = fmt.Sprintf("Value at '%s' failed to satisfy constraint: %s", f.Path, f.Message)
	}
	noun := "error"
	if n > 1 {
		noun = "errors"
	}
	msg := fmt.Sprintf("%d validation %s detected: %s", n, noun, strings.Join(parts, "; "))
	return validationError(msg, c.fields)
}

// length checks a string's length in characters (Unicode code points), as Smithy does.
func (c *checker) length(path, s string, lo, hi int) {
	n := utf8.RuneCountInString(s)
	if n < lo {
		c.fail(path, "Member must have length greater than or equal to %d", lo)
	}
	if n > hi {
		c.fail(path, "Member must have length less than or equal to %d", hi)
	}
}

func (c *checker) match(path, s string, p pattern) {
	if !p.re.MatchString(s) {
		c.fail(path, "Member must satisfy regular expression pattern: %s", p.source)
	}
}

func (c *checker) count(path string, n, lo, hi int) {
	if n < lo {
		c.fail(path, "Member must have length greater than or equal to %d", lo)
	}
	if n > hi {
		c.fail(path, "Member must have length less than or equal to %d", hi)
	}
}

// pointer appends a key to a JSON Pointer, escaping it per RFC 6901.
func pointer(base, key string) string {
	return base + "/" + strings.NewReplacer("~", "~0", "/", "~1").Replace(key)
}

// errBadJSON marks a request body that is not a single JSON object.
var errBadJSON = errors.New("request body is not a valid JSON object")

// decodeObject parses a request body into a generic JSON object. An empty body is an
// empty object, as it is for an input whose members are all absent.
func decodeObject(body []byte) (map[string]any, error) {
	if len(bytes.TrimSpace(body)) == 0 {
		return map[string]any{}, nil
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, fmt.Errorf("%w: %v", errBadJSON, err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, fmt.Errorf("%w: unexpected data after the object", errBadJSON)
	}
	obj, ok := v.(map[string]any)
	if !ok {
		return nil, fmt.Errorf("%w: top level is not an object", errBadJSON)
	}
	return obj, nil
}

// Typed member access. Each returns whether the member is present and well typed; a
// JSON null counts as absent.

// member returns obj[key] unless it is absent or null, which fails a required member.
func (c *checker) member(obj map[string]any, key, path string, required bool) (any, bool) {
	v, ok := obj[key]
	if !ok || v == nil {
		if required {
			c.fail(path, "Member must not be null")
		}
		return nil, false
	}
	return v, true
}

func (c *checker) str(obj map[string]any, key, path string, required bool) (string, bool) {
	v, ok := c.member(obj, key, path, required)
	if !ok {
		return "", false
	}
	s, ok := v.(string)
	if !ok {
		c.fail(path, "Member must be a string")
		return "", false
	}
	return s, true
}

func (c *checker) object(obj map[string]any, key, path string, required bool) (map[string]any,
	bool) {
	v, ok := c.member(obj, key, path, required)
	if !ok {
		return nil, false
	}
	m, ok := v.(map[string]any)
	if !ok {
		c.fail(path, "Member must be an object")
		return nil, false
	}
	return m, true
}

func (c *checker) strList(obj map[string]any, key, path string, required bool) ([]string,
	bool) {
	v, ok := c.member(obj, key, path, required)
	if !ok {
		return nil, false
	}
	items, ok := v.([]any)
	if !ok {
		c.fail(path, "Member must be an array")
		return nil, false
	}
	out := make([]string, len(items))
	good := true
	for i, item := range items {
		itemPath := pointer(path, strconv.Itoa(i))
		switch s := item.(type) {
		case string:
			out[i] = s
		case nil:
			c.fail(itemPath, "Member must not be null")
			good = false
		default:
			c.fail(itemPath, "Member must be a string")
			good = false
		}
	}
	return out, good
}

func (c *checker) strMap(obj map[string]any, key, path string, required bool) (
	map[string]string, bool) {
	m, ok := c.object(obj, key, path, required)
	if !ok {
		return nil, false
	}
	out := make(map[string]string, len(m))
	good := true
	for _, k := range sortedKeys(m) {
		s, ok := m[k].(string)
		if !ok {
			c.fail(pointer(path, k), "Member must be a string")
			good = false
			continue
		}
		out[k] = s
	}
	return out, good
}

func (c *checker) integer(obj map[string]any, key, path string) (int64, bool) {
	v, ok := c.member(obj, key, path, false)
	if !ok {
		return 0, false
	}
	num, ok := v.(json.Number)
	if !ok {
		c.fail(path, "Member must be an integer")
		return 0, false
	}
	n, err := num.Int64()
	if err != nil {
		c.fail(path, "Member must be an integer")
		return 0, false
	}
	return n, true
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// Constraint checks shared by several operations.

// name checks a connection name, which the API reports at /name wherever it travels.
func (c *checker) name(s string) {
	c.length("/name", s, 3, 30)
	c.match("/name", s, namePattern)
}

func (c *checker) tagKey(path, k string) {
	c.length(path, k, 1, 128)
	c.match(path, k, tagPattern)
}

func (c *checker) tags(path string, tags map[string]string) {
	for _, k := range sortedKeys(tags) {
		p := pointer(path, k)
		n := utf8.RuneCountInString(k)
		if n < 1 {
			c.fail(p, "Tag key must have length greater than or equal to 1")
		}
		if n > 128 {
			c.fail(p, "Tag key must have length less than or equal to 128")
		}
		if !tagPattern.re.MatchString(k) {
			c.fail(p, "Tag key must satisfy regular expression pattern: %s", tagPattern.source)
		}
		if utf8.RuneCountInString(tags[k]) > 256 {
			c.fail(p, "Tag value must have length less than or equal to 256")
		}
		if !tagPattern.re.MatchString(tags[k]) {
			c.fail(p, "Tag value must satisfy regular expression pattern: %s", tagPattern.source)
		}
	}
}

// certificate checks a certificate member and returns the NotAfter of its first
// certificate when it is valid.
func (c *checker) certificate(path, s string) (time.Time, bool) {
	before := len(c.fields)
	c.length(path, s, 1, 32768)
	if s == "" {
		return time.Time{}, false
	}
	certs, err := parseCertificateChain(s)
	if err != nil {
		c.fail(path, "Member must be a PEM-encoded X.509 certificate chain: %v", err)
	}
	if len(c.fields) > before {
		return time.Time{}, false
	}
	return certs[0].NotAfter, true
}

// parseCertificateChain accepts one or more PEM CERTIFICATE blocks, each holding a
// parseable X.509 certificate, with nothing but whitespace around and between them.
func parseCertificateChain(s string) ([]*x509.Certificate, error) {
	var certs []*x509.Certificate
	rest := []byte(s)
	for {
		rest = bytes.TrimLeft(rest, " \t\r\n")
		if len(rest) == 0 {
			break
		}
		if !bytes.HasPrefix(rest, []byte("-----BEGIN ")) {
			return nil, errors.New("found data outside PEM blocks")
		}
		block, after := pem.Decode(rest)
		consumed := rest[:len(rest)-len(after)]
		// pem.Decode skips a malformed block and returns the next good one; a second
		// BEGIN line in what it consumed means it did.
		if block == nil || bytes.Count(consumed, []byte("-----BEGIN ")) != 1 {
			return nil, fmt.Errorf("PEM block %d is malformed", len(certs)+1)
		}
		if block.Type != "CERTIFICATE" {
			return nil, fmt.Errorf("PEM block %d is a %s; only CERTIFICATE blocks are allowed",
				len(certs)+1, block.Type)
		}
		if len(block.Headers) > 0 {
			return nil, fmt.Errorf("PEM block %d has headers", len(certs)+1)
		}
		cert, err := x509.ParseCertificate(block.Bytes)
		if err != nil {
			return nil, fmt.Errorf("PEM block %d is not a valid X.509 certificate: %v",
				len(certs)+1, err)
		}
		certs = append(certs, cert)
		rest = after
	}
	if len(certs) == 0 {
		return nil, errors.New("no certificate found")
	}
	return certs, nil
}

// createInput is a validated CreatePrivateConnection request.
type createInput struct {
	name    string
	tags    map[string]string
	service *serviceManagedInput
	self    *selfManagedInput
}

type serviceManagedInput struct {
	hostAddress      string
	vpcID            string
	subnetIDs        []string
	securityGroupIDs []string
	ipAddressType    string
	ipv4PerENI       int32
	portRanges       []string
	certificate      string
	expiry           *time.Time
}

type selfManagedInput struct {
	resourceConfigurationID string
	certificate             string
	expiry                  *time.Time
}

// checkCreate validates a CreatePrivateConnection body, collecting every failure.
func checkCreate(obj map[string]any) (createInput, *checker) {
	c := &checker{}
	var in createInput

	if name, ok := c.str(obj, "name", "/name", true); ok {
		c.name(name)
		in.name = name
	}
	if tags, ok := c.strMap(obj, "tags", "/tags", false); ok {
		c.tags("/tags", tags)
		in.tags = tags
	}

	mode, ok := c.object(obj, "mode", "/mode", true)
	if !ok {
		return in, c
	}
	var set []string
	for _, k := range sortedKeys(mode) {
		if mode[k] != nil {
			set = append(set, k)
		}
	}
	switch {
	case len(set) != 1:
		c.fail("/mode", "Member must set exactly one of serviceManaged or selfManaged, "+
			"found %d", len(set))
	case set[0] == "serviceManaged":
		if m, ok := c.object(mode, "serviceManaged", "/mode/serviceManaged", true); ok {
			in.service = checkServiceManaged(c, m)
		}
	case set[0] == "selfManaged":
		if m, ok := c.object(mode, "selfManaged", "/mode/selfManaged", true); ok {
			in.self = checkSelfManaged(c, m)
		}
	default:
		c.fail("/mode", "Member must set exactly one of serviceManaged or selfManaged, "+
			"found unknown member %q", set[0])
	}
	return in, c
}

func checkServiceManaged(c *checker, m map[string]any) *serviceManagedInput {
	const base = "/mode/serviceManaged"
	in := &serviceManagedInput{}

	if s, ok := c.str(m, "hostAddress", base+"/hostAddress", true); ok {
		c.length(base+"/hostAddress", s, 3, 255)
		c.match(base+"/hostAddress", s, hostPattern)
		in.hostAddress = s
	}
	if s, ok := c.str(m, "vpcId", base+"/vpcId", true); ok {
		c.length(base+"/vpcId", s, 5, 50)
		c.match(base+"/vpcId", s, vpcPattern)
		in.vpcID = s
	}
	if ids, ok := c.strList(m, "subnetIds", base+"/subnetIds", true); ok {
		c.count(base+"/subnetIds", len(ids), 1, 20)
		for i, id := range ids {
			p := pointer(base+"/subnetIds", strconv.Itoa(i))
			c.length(p, id, 15, 24)
			c.match(p, id, subnetPattern)
		}
		in.subnetIDs = ids
	}
	if ids, ok := c.strList(m, "securityGroupIds", base+"/securityGroupIds", false); ok {
		for i, id := range ids {
			c.match(pointer(base+"/securityGroupIds", strconv.Itoa(i)), id, sgPattern)
		}
		in.securityGroupIDs = ids
	}
	if s, ok := c.str(m, "ipAddressType", base+"/ipAddressType", false); ok {
		if !slices.Contains(IPAddressTypes, s) {
			c.fail(base+"/ipAddressType", "Member must satisfy enum value set: [%s]",
				strings.Join(IPAddressTypes, ", "))
		}
		in.ipAddressType = s
	}
	if n, ok := c.integer(m, "ipv4AddressesPerEni", base+"/ipv4AddressesPerEni"); ok {
		switch {
		case n < 1:
			c.fail(base+"/ipv4AddressesPerEni", "Member must have value greater than or equal to 1")
		case n > 62:
			c.fail(base+"/ipv4AddressesPerEni", "Member must have value less than or equal to 62")
		default:
			in.ipv4PerENI = int32(n)
		}
	}
	if ranges, ok := c.strList(m, "portRanges", base+"/portRanges", false); ok {
		c.count(base+"/portRanges", len(ranges), 1, 11)
		for i, r := range ranges {
			c.portRange(pointer(base+"/portRanges", strconv.Itoa(i)), r)
		}
		in.portRanges = ranges
	}
	if s, ok := c.str(m, "certificate", base+"/certificate", false); ok {
		if t, ok := c.certificate(base+"/certificate", s); ok {
			in.expiry = &t
		}
		in.certificate = s
	}
	return in
}

func checkSelfManaged(c *checker, m map[string]any) *selfManagedInput {
	const base = "/mode/selfManaged"
	in := &selfManagedInput{}

	p := base + "/resourceConfigurationId"
	if s, ok := c.str(m, "resourceConfigurationId", p, true); ok {
		c.length(p, s, 20, 2048)
		c.match(p, s, rcfgPattern)
		in.resourceConfigurationID = s
	}
	if s, ok := c.str(m, "certificate", base+"/certificate", false); ok {
		if t, ok := c.certificate(base+"/certificate", s); ok {
			in.expiry = &t
		}
		in.certificate = s
	}
	return in
}

// portRange accepts a port ("443") or an inclusive range ("8000-8100") of ports 1 to
// 65535, written without leading zeros, signs or spaces, low end first.
func (c *checker) portRange(path, s string) {
	m := portPattern.re.FindStringSubmatch(s)
	if m == nil {
		c.fail(path, "Member must be a port (443) or an inclusive port range (8000-8100)")
		return
	}
	low, _ := strconv.Atoi(m[1])
	high := low
	if m[3] != "" {
		high, _ = strconv.Atoi(m[3])
	}
	if low > 65535 || high > 65535 {
		c.fail(path, "Member must use ports between 1 and 65535")
	}
	if low > high {
		c.fail(path, "Member must not start a port range above its end")
	}
}
