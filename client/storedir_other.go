//go:build !ios

package client

// StorageDir is where the app keeps its token files given fyne's storage
// root dir: dir itself, the app's private storage. On Android the manifest
// keeps it out of backups (android:allowBackup="false"); desktops back up
// what their owners choose. See storedir_ios.go for iOS.
func StorageDir(dir string) string { return dir }
