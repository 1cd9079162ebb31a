package mail

import (
	"fmt"
	"time"

	"github.com/fos-mobile/fos/api"
	"github.com/fos-mobile/fos/server/store"
)

// Code is the bilingual e-mail that carries a one-time code to m.
func Code(m store.Member, code string) store.Mail {
	minutes := int(api.RecoveryCodeTTL.Minutes())
	return notice(m, "FOS – Code de vérification / رمز التحقق", fmt.Sprintf(
		"Votre code de vérification pour la Fondation des Œuvres Sociales est : %s\r\n"+
			"Il est valable %d minutes et ne sert qu'une fois. Si vous n'avez rien demandé, ignorez ce message.\r\n\r\n"+
			"رمز التحقق الخاص بكم لدى مؤسسة الأعمال الاجتماعية هو: %s\r\n"+
			"صالح لمدة %d دقائق ولمرة واحدة فقط. إذا لم تطلبوا أي شيء، تجاهلوا هذه الرسالة.\r\n",
		code, minutes, code, minutes))
}

// PasswordChanged is the bilingual e-mail that tells m their password was
// changed at at (the foundation's local time), so that a change they did
// not make does not go unnoticed. It holds no secret.
func PasswordChanged(m store.Member, at time.Time) store.Mail {
	day, clock := at.Format("02/01/2006"), at.Format("15:04")
	return notice(m, "FOS – Votre mot de passe a été modifié / تم تغيير كلمة المرور", fmt.Sprintf(
		"Votre mot de passe a été modifié le %s à %s (heure du Maroc), et toutes vos sessions ouvertes ont été fermées.\r\n"+
			"Si vous n'êtes pas à l'origine de ce changement, choisissez « Récupérer mot de passe » dans l'application "+
			"et prévenez la Fondation des Œuvres Sociales.\r\n\r\n"+
			"تم تغيير كلمة المرور الخاصة بكم يوم %s على الساعة %s (بتوقيت المغرب)، وتم إغلاق جميع الجلسات المفتوحة.\r\n"+
			"إذا لم تقوموا بهذا التغيير، اختاروا «استرجاع كلمة المرور» في التطبيق وأخبروا مؤسسة الأعمال الاجتماعية.\r\n",
		day, clock, day, clock))
}

// notice is the e-mail to m under subject: the greeting by name, then body.
func notice(m store.Member, subject, body string) store.Mail {
	return store.Mail{To: m.Email, Subject: subject, Body: fmt.Sprintf("Bonjour %s %s,\r\n\r\n", m.FirstName, m.LastName) + body}
}
