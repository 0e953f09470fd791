// Copyright (c) The terraform-provider-devopsagent authors
// SPDX-License-Identifier: MPL-2.0

package validate_test

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"fmt"
	"math/big"
	"strings"
	"testing"
	"time"

	"github.com/opsconnect/terraform-provider-devopsagent/internal/validate"
)

// ruleCase is one input to a rule. wantErr is a phrase the error must
// contain, which tells which check refused the input; empty means valid.
type ruleCase struct {
	in      string
	wantErr string
}

func testRule(t *testing.T, rule func(string) error, cases map[string]ruleCase) {
	t.Helper()
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			err := rule(tc.in)
			switch {
			case tc.wantErr == "" && err != nil:
				t.Fatalf("rule(%q) = %q, want no error", tc.in, err)
			case tc.wantErr != "" && err == nil:
				t.Fatalf("rule(%q) = nil, want an error containing %q", tc.in, tc.wantErr)
			case tc.wantErr != "" && !strings.Contains(err.Error(), tc.wantErr):
				t.Fatalf("rule(%q) = %q, want an error containing %q", tc.in, err, tc.wantErr)
			}
		})
	}
}

// Phrases that tell the length check from the pattern checks.
const (
	errLength = "characters long"
	errTag    = "Unicode letters"
)

func TestName_length(t *testing.T) {
	testRule(t, validate.Name, map[string]ruleCase{
		"minimum":                 {in: "abc"},
		"one under minimum":       {in: "ab", wantErr: "3 to 30 characters long, got 2"},
		"empty":                   {in: "", wantErr: "got 0"},
		"maximum":                 {in: strings.Repeat("a", 30)},
		"one over maximum":        {in: strings.Repeat("a", 31), wantErr: "got 31"},
		"two runes in four bytes": {in: "éé", wantErr: "got 2"},
		// 30 runes but 60 bytes: the length passes, the pattern refuses it.
		"thirty multi-byte runes": {in: strings.Repeat("é", 30), wantErr: "lowercase letters"},
	})
}

func TestName_pattern(t *testing.T) {
	testRule(t, validate.Name, map[string]ruleCase{
		"letters and digits":  {in: "conn1"},
		"digits only":         {in: "123"},
		"inner hyphen":        {in: "my-conn"},
		"double inner hyphen": {in: "my--conn"},
		"leading hyphen":      {in: "-myconn", wantErr: "start and end"},
		"trailing hyphen":     {in: "myconn-", wantErr: "start and end"},
		"uppercase":           {in: "MyConn", wantErr: "lowercase"},
		"underscore":          {in: "my_conn", wantErr: "lowercase"},
		"dot":                 {in: "my.conn", wantErr: "lowercase"},
		"space":               {in: "my conn", wantErr: "lowercase"},
		"trailing newline":    {in: "myconn\n", wantErr: "lowercase"},
	})
}

func TestHostAddress_length(t *testing.T) {
	testRule(t, validate.HostAddress, map[string]ruleCase{
		"minimum":           {in: "a.b"},
		"one under minimum": {in: "ab", wantErr: "3 to 255 characters long, got 2"},
		"empty":             {in: "", wantErr: errLength},
		"maximum":           {in: strings.Repeat("a", 255)},
		"one over maximum":  {in: strings.Repeat("a", 256), wantErr: "got 256"},
		// 128 runes in 256 bytes: within the limit when counted in runes.
		"multi-byte runes within limit": {in: strings.Repeat("é", 128), wantErr: "must contain only"},
		"multi-byte runes over limit":   {in: strings.Repeat("é", 256), wantErr: "got 256"},
	})
}

func TestHostAddress_pattern(t *testing.T) {
	testRule(t, validate.HostAddress, map[string]ruleCase{
		"dns name":      {in: "db.internal.example.com"},
		"uppercase dns": {in: "DB.Example.COM"},
		"ipv4":          {in: "10.0.12.7"},
		"ipv6 loopback": {in: "::1"},
		"ipv6":          {in: "fd00:ec2::254"},
		"hyphen":        {in: "my-db.example.com"},
		"underscore":    {in: "my_db.example.com", wantErr: "must contain only"},
		"space":         {in: "my db", wantErr: "must contain only"},
		"port suffix":   {in: "db.example.com/443", wantErr: "must contain only"},
		"url":           {in: "https://db", wantErr: "must contain only"},
		"zone index":    {in: "fe80::1%eth0", wantErr: "must contain only"},
	})
}

func TestVPCID_cases(t *testing.T) {
	testRule(t, validate.VPCID, map[string]ruleCase{
		"8 characters":            {in: "vpc-0a1b2c3d"},
		"17 characters":           {in: "vpc-0123456789abcdef0"},
		"7 characters":            {in: "vpc-0a1b2c3", wantErr: `"vpc-" followed by 8 or 17`},
		"9 characters":            {in: "vpc-0a1b2c3d4", wantErr: `"vpc-" followed by 8 or 17`},
		"16 characters":           {in: "vpc-0123456789abcdef", wantErr: `"vpc-" followed`},
		"18 characters":           {in: "vpc-0123456789abcdef01", wantErr: `"vpc-" followed`},
		"uppercase":               {in: "vpc-0A1B2C3D", wantErr: `"vpc-" followed`},
		"uppercase prefix":        {in: "VPC-0a1b2c3d", wantErr: `"vpc-" followed`},
		"subnet prefix":           {in: "subnet-0a1b2c3d", wantErr: `"vpc-" followed`},
		"no hyphen":               {in: "vpc0a1b2c3d", wantErr: `"vpc-" followed`},
		"one under minimum":       {in: "vpc-", wantErr: "5 to 50 characters long, got 4"},
		"minimum length":          {in: "vpc-a", wantErr: `"vpc-" followed`},
		"maximum length":          {in: "vpc-" + strings.Repeat("a", 46), wantErr: `"vpc-" followed`},
		"one over maximum length": {in: "vpc-" + strings.Repeat("a", 47), wantErr: "got 51"},
	})
}

func TestSubnetID_cases(t *testing.T) {
	testRule(t, validate.SubnetID, map[string]ruleCase{
		"8 characters, minimum length":   {in: "subnet-0a1b2c3d"},
		"17 characters, maximum length":  {in: "subnet-0123456789abcdef0"},
		"one under minimum length":       {in: "subnet-0a1b2c3", wantErr: "15 to 24 characters long, got 14"},
		"one over maximum length":        {in: "subnet-0123456789abcdef01", wantErr: "got 25"},
		"9 characters":                   {in: "subnet-0a1b2c3d4", wantErr: `"subnet-" followed by 8 or 17`},
		"16 characters":                  {in: "subnet-0123456789abcdef", wantErr: `"subnet-" followed`},
		"uppercase":                      {in: "subnet-0A1B2C3D", wantErr: `"subnet-" followed`},
		"security group prefix":          {in: "sg-0a1b2c3d0a1b", wantErr: `"subnet-" followed`},
		"multi-byte runes within limits": {in: "subnet-" + strings.Repeat("é", 8), wantErr: `"subnet-" followed`},
	})
}

func TestSecurityGroupID_cases(t *testing.T) {
	testRule(t, validate.SecurityGroupID, map[string]ruleCase{
		"8 characters":  {in: "sg-0a1b2c3d"},
		"17 characters": {in: "sg-0123456789abcdef0"},
		"7 characters":  {in: "sg-0a1b2c3", wantErr: `"sg-" followed by 8 or 17`},
		"9 characters":  {in: "sg-0a1b2c3d4", wantErr: `"sg-" followed`},
		"16 characters": {in: "sg-0123456789abcdef", wantErr: `"sg-" followed`},
		"18 characters": {in: "sg-0123456789abcdef01", wantErr: `"sg-" followed`},
		"uppercase":     {in: "sg-0A1B2C3D", wantErr: `"sg-" followed`},
		"vpc prefix":    {in: "vpc-0a1b2c3d", wantErr: `"sg-" followed`},
		"group name":    {in: "default", wantErr: `"sg-" followed`},
		"empty":         {in: "", wantErr: `"sg-" followed`},
	})
}

func TestIPAddressType_cases(t *testing.T) {
	cases := map[string]ruleCase{
		"lowercase":        {in: "ipv4", wantErr: `must be one of "IPV4", "IPV6", "DUAL_STACK"`},
		"empty":            {in: "", wantErr: "must be one of"},
		"trailing space":   {in: "IPV4 ", wantErr: "must be one of"},
		"no underscore":    {in: "DUALSTACK", wantErr: "must be one of"},
		"hyphen separated": {in: "DUAL-STACK", wantErr: "must be one of"},
	}
	for _, v := range []string{"IPV4", "IPV6", "DUAL_STACK"} {
		cases[v] = ruleCase{in: v}
	}
	testRule(t, validate.IPAddressType, cases)
}

func TestPortRange_cases(t *testing.T) {
	const errPort = "must be a port from 1 to 65535"
	testRule(t, validate.PortRange, map[string]ruleCase{
		"lowest port":          {in: "1"},
		"highest port":         {in: "65535"},
		"https":                {in: "443"},
		"range":                {in: "8000-8100"},
		"full range":           {in: "1-65535"},
		"equal low and high":   {in: "443-443"},
		"zero":                 {in: "0", wantErr: errPort},
		"one above highest":    {in: "65536", wantErr: errPort},
		"far above highest":    {in: "99999", wantErr: errPort},
		"six digits":           {in: "100000", wantErr: errPort},
		"leading zero":         {in: "0443", wantErr: errPort},
		"leading zeros in max": {in: "065535", wantErr: errPort},
		"leading zero in high": {in: "80-0443", wantErr: errPort},
		"double zero":          {in: "00", wantErr: errPort},
		"empty":                {in: "", wantErr: errPort},
		"hyphen only":          {in: "-", wantErr: errPort},
		"open high end":        {in: "1-", wantErr: errPort},
		"open low end":         {in: "-1", wantErr: errPort},
		"three parts":          {in: "1-2-3", wantErr: errPort},
		"leading space":        {in: " 443", wantErr: errPort},
		"trailing space":       {in: "443 ", wantErr: errPort},
		"space around hyphen":  {in: "80 - 90", wantErr: errPort},
		"plus sign":            {in: "+443", wantErr: errPort},
		"negative":             {in: "-443", wantErr: errPort},
		"hex":                  {in: "0x1bb", wantErr: errPort},
		"arabic-indic digits":  {in: "٤٤٣", wantErr: errPort},
		"fullwidth digits":     {in: "４４３", wantErr: errPort},
		"comma list":           {in: "80,443", wantErr: errPort},
		"zero low end":         {in: "0-80", wantErr: errPort},
		"high end above max":   {in: "80-65536", wantErr: errPort},
		"low above high":       {in: "8100-8000", wantErr: "starts above its end"},
		"low one above high":   {in: "444-443", wantErr: "starts above its end"},
	})
}

const (
	rcfgShort = "rcfg-0123456789abcdefg"
	rcfgARN   = "arn:aws:vpc-lattice:us-east-1:123456789012:resourceconfiguration/" + rcfgShort
)

func TestResourceConfigurationID_cases(t *testing.T) {
	const errPattern = "must be a resource configuration id"
	testRule(t, validate.ResourceConfigurationID, map[string]ruleCase{
		"short id": {in: rcfgShort},
		"arn":      {in: rcfgARN},
		"arn in aws-cn": {
			in: "arn:aws-cn:vpc-lattice:cn-north-1:123456789012:resourceconfiguration/" + rcfgShort,
		},
		"arn in aws-us-gov": {
			in: "arn:aws-us-gov:vpc-lattice:us-gov-west-1:123456789012:resourceconfiguration/" + rcfgShort,
		},
		"short id with 16 characters": {in: "rcfg-0123456789abcdef", wantErr: errPattern},
		"short id with 18 characters": {in: "rcfg-0123456789abcdefgh", wantErr: errPattern},
		"short id with 8 characters":  {in: "rcfg-0123abcd", wantErr: "20 to 2048 characters long, got 13"},
		"short id uppercase":          {in: "rcfg-0123456789ABCDEFG", wantErr: errPattern},
		"wrong prefix":                {in: "rgw-0123456789abcdefgh", wantErr: errPattern},
		"one under minimum length":    {in: strings.Repeat("r", 19), wantErr: "got 19"},
		"maximum length":              {in: strings.Repeat("r", 2048), wantErr: errPattern},
		"one over maximum length":     {in: strings.Repeat("r", 2049), wantErr: "got 2049"},
		"arn with 11-digit account": {
			in:      "arn:aws:vpc-lattice:us-east-1:12345678901:resourceconfiguration/" + rcfgShort,
			wantErr: errPattern,
		},
		"arn of another service": {
			in:      "arn:aws:ec2:us-east-1:123456789012:resourceconfiguration/" + rcfgShort,
			wantErr: errPattern,
		},
		"arn of a resource gateway": {
			in:      "arn:aws:vpc-lattice:us-east-1:123456789012:resourcegateway/rgw-0123456789abcdefg",
			wantErr: errPattern,
		},
		"arn with trailing slash": {in: rcfgARN + "/", wantErr: errPattern},
		"arn with short id of 8":  {in: strings.TrimSuffix(rcfgARN, "456789abcdefg"), wantErr: errPattern},
		"short id with space":     {in: " " + rcfgShort, wantErr: errPattern},
	})
}

func TestShortResourceConfigurationID_cases(t *testing.T) {
	cases := map[string]struct {
		in     string
		want   string
		wantOK bool
	}{
		"short id":      {in: rcfgShort, want: rcfgShort, wantOK: true},
		"arn":           {in: rcfgARN, want: rcfgShort, wantOK: true},
		"arn in aws-cn": {in: strings.Replace(rcfgARN, ":aws:", ":aws-cn:", 1), want: rcfgShort, wantOK: true},
		"other id in arn": {
			in:     strings.Replace(rcfgARN, rcfgShort, "rcfg-aaaaaaaaaaaaaaaaa", 1),
			want:   "rcfg-aaaaaaaaaaaaaaaaa",
			wantOK: true,
		},
		"empty":               {in: ""},
		"short id too short":  {in: "rcfg-0123abcd"},
		"arn of another type": {in: strings.Replace(rcfgARN, "resourceconfiguration", "resourcegateway", 1)},
		"arn uppercase id":    {in: strings.ToUpper(rcfgARN)},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			got, ok := validate.ShortResourceConfigurationID(tc.in)
			if got != tc.want || ok != tc.wantOK {
				t.Fatalf("ShortResourceConfigurationID(%q) = %q, %t; want %q, %t",
					tc.in, got, ok, tc.want, tc.wantOK)
			}
		})
	}
}

// tagCharacterCases holds inputs that tag keys and values treat alike.
func tagCharacterCases() map[string]ruleCase {
	cases := map[string]ruleCase{
		"ascii word":                  {in: "team"},
		"latin with accent":           {in: "équipe"},
		"greek":                       {in: "ομάδα"},
		"cyrillic":                    {in: "команда"},
		"arabic":                      {in: "فريق"},
		"hebrew":                      {in: "צוות"},
		"han":                         {in: "团队"},
		"hiragana and katakana":       {in: "ひらがなカタカナ"},
		"hangul":                      {in: "팀"},
		"space":                       {in: "cost center"},
		"ideographic space U+3000":    {in: "コスト\u3000センター"},
		"no-break space U+00A0":       {in: "a\u00a0b"},
		"line separator U+2028":       {in: "a\u2028b"},
		"ascii digits":                {in: "2024"},
		"arabic-indic digits":         {in: "٢٠٢٤"},
		"devanagari digits":           {in: "२०२४"},
		"fullwidth digits":            {in: "２０２４"},
		"roman numeral (letter num)":  {in: "Ⅻ"},
		"vulgar fraction (other num)": {in: "½"},
		"every allowed punctuation":   {in: "a_b.c:d/e=f+g-h@i"},
		"hash":                        {in: "team#1", wantErr: errTag},
		"exclamation":                 {in: "hi!", wantErr: errTag},
		"tab":                         {in: "a\tb", wantErr: errTag},
		"newline":                     {in: "a\nb", wantErr: errTag},
		"carriage return":             {in: "a\rb", wantErr: errTag},
		"nul":                         {in: "a\x00b", wantErr: errTag},
		"dollar":                      {in: "$team", wantErr: errTag},
		"asterisk":                    {in: "team*", wantErr: errTag},
		"comma":                       {in: "a,b", wantErr: errTag},
		"quote":                       {in: `a"b`, wantErr: errTag},
		"angle bracket":               {in: "<b>", wantErr: errTag},
		"combining accent (mark)":     {in: "e\u0301quipe", wantErr: errTag},
		"emoji (symbol)":              {in: "team😀", wantErr: errTag},
		"invalid utf-8":               {in: "a\xffb", wantErr: errTag},
	}
	for _, c := range "_.:/=+-@" {
		cases["punctuation "+string(c)] = ruleCase{in: "a" + string(c) + "b"}
	}
	for _, c := range "#!%^&*()[]{}|\\;'?,~`<>$" {
		cases["forbidden "+string(c)] = ruleCase{in: "a" + string(c) + "b", wantErr: errTag}
	}
	return cases
}

func TestTagKey_characters(t *testing.T) {
	testRule(t, validate.TagKey, tagCharacterCases())
}

func TestTagKey_length(t *testing.T) {
	testRule(t, validate.TagKey, map[string]ruleCase{
		"empty":                      {in: "", wantErr: "1 to 128 characters long, got 0"},
		"one character":              {in: "a"},
		"one multi-byte character":   {in: "団"},
		"maximum":                    {in: strings.Repeat("k", 128)},
		"one over maximum":           {in: strings.Repeat("k", 129), wantErr: "got 129"},
		"maximum in two-byte runes":  {in: strings.Repeat("é", 128)},
		"one over in two-byte runes": {in: strings.Repeat("é", 129), wantErr: "got 129"},
		"maximum in 3-byte runes":    {in: strings.Repeat("鍵", 128)},
		"maximum in 4-byte runes":    {in: strings.Repeat("𠀀", 128)},
		"one over in 4-byte runes":   {in: strings.Repeat("𠀀", 129), wantErr: "got 129"},
	})
}

func TestTagValue_characters(t *testing.T) {
	testRule(t, validate.TagValue, tagCharacterCases())
}

func TestTagValue_length(t *testing.T) {
	testRule(t, validate.TagValue, map[string]ruleCase{
		"empty":                      {in: ""},
		"maximum":                    {in: strings.Repeat("v", 256)},
		"one over maximum":           {in: strings.Repeat("v", 257), wantErr: "0 to 256 characters long, got 257"},
		"maximum in two-byte runes":  {in: strings.Repeat("ü", 256)},
		"one over in two-byte runes": {in: strings.Repeat("ü", 257), wantErr: "got 257"},
		"maximum in 3-byte runes":    {in: strings.Repeat("値", 256)},
		"only spaces":                {in: "   "},
	})
}

// certChain returns n PEM certificates: a self-signed root first, then each
// one signed by the one before it, and their common names in order.
func certChain(tb testing.TB, n int) (string, []string) {
	tb.Helper()
	var (
		out     strings.Builder
		names   []string
		parent  *x509.Certificate
		signer  *ecdsa.PrivateKey
		now     = time.Now()
		maxSNum = new(big.Int).Lsh(big.NewInt(1), 62)
	)
	for i := range n {
		key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
		if err != nil {
			tb.Fatalf("generating key: %s", err)
		}
		serial, err := rand.Int(rand.Reader, maxSNum)
		if err != nil {
			tb.Fatalf("generating serial: %s", err)
		}
		name := fmt.Sprintf("test certificate %d", i)
		tmpl := &x509.Certificate{
			SerialNumber:          serial,
			Subject:               pkix.Name{CommonName: name},
			NotBefore:             now.Add(-time.Hour),
			NotAfter:              now.Add(24 * time.Hour),
			IsCA:                  i < n-1,
			BasicConstraintsValid: true,
			KeyUsage:              x509.KeyUsageCertSign | x509.KeyUsageDigitalSignature,
		}
		if parent == nil {
			parent, signer = tmpl, key
		}
		der, err := x509.CreateCertificate(rand.Reader, tmpl, parent, &key.PublicKey, signer)
		if err != nil {
			tb.Fatalf("creating certificate: %s", err)
		}
		cert, err := x509.ParseCertificate(der)
		if err != nil {
			tb.Fatalf("parsing certificate: %s", err)
		}
		parent, signer = cert, key
		names = append(names, name)
		out.Write(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}))
	}
	return out.String(), names
}

func privateKeyPEM(t *testing.T) string {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatalf("generating key: %s", err)
	}
	der, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		t.Fatalf("marshalling key: %s", err)
	}
	return string(pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der}))
}

// padTo pads s with r up to n runes.
func padTo(s string, r rune, n int) string {
	return s + strings.Repeat(string(r), n-len([]rune(s)))
}

func TestCertificates_cases(t *testing.T) {
	one, oneNames := certChain(t, 1)
	two, twoNames := certChain(t, 2)
	key := privateKeyPEM(t)
	const (
		malformedBase64 = "-----BEGIN CERTIFICATE-----\n!!!! not base64 !!!!\n-----END CERTIFICATE-----\n"
		notDER          = "-----BEGIN CERTIFICATE-----\nAAAAAAAA\n-----END CERTIFICATE-----\n"
		unterminated    = "-----BEGIN CERTIFICATE-----\nAAAAAAAA\n"
	)
	maxLen := validate.CertificateMaxLength

	cases := map[string]struct {
		in        string
		wantNames []string
		wantErr   string
	}{
		"one certificate":         {in: one, wantNames: oneNames},
		"chain of two":            {in: two, wantNames: twoNames},
		"surrounding whitespace":  {in: "\n\n  " + two + "\n\t\n", wantNames: twoNames},
		"no final newline":        {in: strings.TrimSuffix(one, "\n"), wantNames: oneNames},
		"crlf line endings":       {in: strings.ReplaceAll(two, "\n", "\r\n"), wantNames: twoNames},
		"blank lines between":     {in: one + "\n\n" + two, wantNames: append(oneNames[:1:1], twoNames...)},
		"leading text":            {in: "subject=CN=test\n" + one, wantErr: "outside its PEM blocks"},
		"text between blocks":     {in: one + "issuer=CN=test\n" + two, wantErr: "outside its PEM blocks"},
		"trailing text":           {in: one + "end of chain\n", wantErr: "outside its PEM blocks"},
		"private key alone":       {in: key, wantErr: `"PRIVATE KEY" PEM block`},
		"private key after cert":  {in: one + key, wantErr: `"PRIVATE KEY" PEM block`},
		"private key before cert": {in: key + one, wantErr: `"PRIVATE KEY" PEM block`},
		"malformed base64":        {in: malformedBase64, wantErr: "PEM block 1 is malformed"},
		"malformed second block":  {in: one + malformedBase64, wantErr: "PEM block 2 is malformed"},
		"unterminated block":      {in: unterminated, wantErr: "PEM block 1 is malformed"},
		"not DER":                 {in: notDER, wantErr: "certificate 1 does not parse"},
		"second not DER":          {in: one + notDER, wantErr: "certificate 2 does not parse"},
		"empty":                   {in: "", wantErr: "1 to 32768 characters long, got 0"},
		"whitespace only":         {in: " \n\t", wantErr: "one or more PEM-encoded certificates"},
		"bare base64":             {in: "MIIBszCCAVmgAwIBAgIIW", wantErr: "outside its PEM blocks"},
		"maximum length":          {in: padTo(one, '\n', maxLen), wantNames: oneNames},
		"one over maximum length": {in: padTo(one, '\n', maxLen+1), wantErr: "got 32769"},
		// U+3000 is three bytes but one character. At the maximum length in
		// characters it passes the length rule (counted in bytes it would
		// not) and is then refused as text outside the PEM blocks: PEM text
		// carries only ASCII whitespace.
		"maximum length in multi-byte runes": {in: padTo(one, '\u3000', maxLen), wantErr: "text outside its PEM blocks"},
		"one over in multi-byte runes":       {in: padTo(one, '\u3000', maxLen+1), wantErr: "got 32769"},
		"chain repeated past the limit": {
			in:      strings.Repeat(two, maxLen/len(two)+1),
			wantErr: errLength,
		},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			certs, err := validate.Certificates(tc.in)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("Certificates() error = %v, want one containing %q", err, tc.wantErr)
				}
				if certs != nil {
					t.Fatalf("Certificates() returned %d certificates with its error", len(certs))
				}
				return
			}
			if err != nil {
				t.Fatalf("Certificates() error = %q, want none", err)
			}
			var got []string
			for _, c := range certs {
				got = append(got, c.Subject.CommonName)
			}
			if strings.Join(got, "|") != strings.Join(tc.wantNames, "|") {
				t.Fatalf("Certificates() subjects = %q, want %q", got, tc.wantNames)
			}
		})
	}
}

// The rule promises PEM certificates "and nothing else", so a block that
// does not decode must be refused even when a good block follows it.
func TestCertificates_malformedBlockBeforeValidOne(t *testing.T) {
	one, _ := certChain(t, 1)
	cases := map[string]string{
		"malformed base64 first": "-----BEGIN CERTIFICATE-----\n!!!! not base64 !!!!\n" +
			"-----END CERTIFICATE-----\n" + one,
		"begin line without end":   "-----BEGIN CERTIFICATE-----\nAAAA\n" + one,
		"text starting with BEGIN": "-----BEGIN here is my chain\n" + one,
		"mismatched end line":      "-----BEGIN CERTIFICATE-----\nAAAA\n-----END PRIVATE KEY-----\n" + one,
	}
	for name, in := range cases {
		t.Run(name, func(t *testing.T) {
			certs, err := validate.Certificates(in)
			if err == nil {
				t.Fatalf("Certificates() accepted the input and returned %d certificate(s); "+
					"want an error for the block that does not decode", len(certs))
			}
		})
	}
}
