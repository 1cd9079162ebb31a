package app

import (
	"encoding/xml"
	"os"
	"regexp"
	"slices"
	"testing"
)

// TestAndroidManifest checks the manifest beside main.go, which fyne
// package uses instead of its own: backups off (the token files), the
// notification permission of Android 13+, no storage permissions, the
// activity and library the fyne CLI requires, no uses-sdk or icon (the CLI
// refuses them), and FyneApp.toml's version. scripts/android-check.sh runs
// it through the CLI's own encoder.
func TestAndroidManifest(t *testing.T) {
	b, err := os.ReadFile("../AndroidManifest.xml")
	if err != nil {
		t.Fatal(err)
	}
	var m struct {
		Package     string    `xml:"package,attr"`
		VersionName string    `xml:"versionName,attr"`
		UsesSDK     *struct{} `xml:"uses-sdk"`
		Permissions []struct {
			Name string `xml:"name,attr"`
		} `xml:"uses-permission"`
		App struct {
			AllowBackup string `xml:"allowBackup,attr"`
			Icon        string `xml:"icon,attr"`
			Activity    struct {
				Name     string `xml:"name,attr"`
				MetaData []struct {
					Name  string `xml:"name,attr"`
					Value string `xml:"value,attr"`
				} `xml:"meta-data"`
			} `xml:"activity"`
		} `xml:"application"`
	}
	if err := xml.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	var perms []string
	for _, p := range m.Permissions {
		perms = append(perms, p.Name)
	}
	switch {
	case m.Package != ID:
		t.Errorf("package %q, want %q", m.Package, ID)
	case m.App.AllowBackup != "false":
		t.Errorf("allowBackup %q: the token files would go to cloud backups", m.App.AllowBackup)
	case !slices.Contains(perms, "android.permission.POST_NOTIFICATIONS"):
		t.Errorf("no POST_NOTIFICATIONS: Android 13+ would drop the notifications (permissions %v)", perms)
	case !slices.Contains(perms, "android.permission.INTERNET"):
		t.Errorf("no INTERNET permission (permissions %v)", perms)
	case slices.Contains(perms, "android.permission.WRITE_EXTERNAL_STORAGE"), slices.Contains(perms, "android.permission.READ_EXTERNAL_STORAGE"):
		t.Errorf("storage permissions the app does not need: %v", perms)
	case m.UsesSDK != nil:
		t.Error("a uses-sdk: the fyne CLI refuses it and sets the SDKs itself")
	case m.App.Icon != "":
		t.Error("an android:icon: the fyne CLI sets the icon")
	case m.App.Activity.Name != "org.golang.app.GoNativeActivity":
		t.Errorf("activity %q: the fyne CLI builds only GoNativeActivity", m.App.Activity.Name)
	case len(m.App.Activity.MetaData) == 0 || m.App.Activity.MetaData[0].Name != "android.app.lib_name" || m.App.Activity.MetaData[0].Value == "":
		t.Error("no android.app.lib_name meta-data: the fyne CLI needs it")
	}
	toml, err := os.ReadFile("../FyneApp.toml")
	if err != nil {
		t.Fatal(err)
	}
	v := regexp.MustCompile(`(?m)^Version\s*=\s*"([^"]*)"`).FindSubmatch(toml)
	if v == nil || string(v[1]) != m.VersionName {
		t.Errorf("versionName %q, FyneApp.toml says %q", m.VersionName, v)
	}
	if _, err := os.Stat("../assets"); err == nil {
		t.Error("a folder assets/ beside main.go: fyne package copies it whole into the APK")
	}
}
