# Reference values for the statistics engine, from survival's bundled datasets (aml, lung, veteran).
# Produced with: R version 4.2.2 Patched (2022-11-10 r83330), survival 3.5-3 (Debian packages r-base-core, r-cran-survival).
# Regenerate from this folder with:  LC_ALL=C Rscript --vanilla make_reference.R
# Every number is written with 17 significant digits; NA where R reports NA.
suppressPackageStartupMessages(library(survival))
num <- function(x) ifelse(is.na(x), "NA", ifelse(is.infinite(x), "Inf", trimws(formatC(x, digits = 17, format = "g"))))
out <- function(df, file) { for (n in names(df)) if (is.numeric(df[[n]])) df[[n]] <- num(df[[n]]); write.csv(df, file, row.names = FALSE) }
kv <- function(...) { x <- list(...); data.frame(quantity = names(x), value = num(unlist(x))) }

# ---- data (status recoded 0 = censored, 1 = event) ----
aml2 <- data.frame(time = aml$time, status = aml$status, x = as.character(aml$x))
write.csv(aml2, "aml.csv", row.names = FALSE)
lung2 <- na.omit(data.frame(time = lung$time, status = lung$status - 1, age = lung$age, sex = ifelse(lung$sex == 1, "male", "female"),
                            ph_ecog = lung$ph.ecog))
write.csv(lung2, "lung.csv", row.names = FALSE)
vet2 <- data.frame(time = veteran$time, status = veteran$status, trt = veteran$trt, karno = veteran$karno,
                   celltype = as.character(veteran$celltype), age = veteran$age)
write.csv(vet2, "veteran.csv", row.names = FALSE)

# ---- aml: Kaplan-Meier by maintenance (log band) and log-rank ----
f <- survfit(Surv(time, status) ~ x, data = aml2)
out(data.frame(group = rep(sub("^x=", "", names(f$strata)), f$strata), time = f$time, n_risk = f$n.risk, n_event = f$n.event,
               n_censor = f$n.censor, surv = f$surv, std_err = f$std.err, lower = f$lower, upper = f$upper), "aml_km.csv")
q <- quantile(f, 0.5)
out(data.frame(group = sub("^x=", "", names(f$strata)), median = as.vector(q$quantile), lower = as.vector(q$lower), upper = as.vector(q$upper)), "aml_km_median.csv")
s <- survdiff(Surv(time, status) ~ x, data = aml2)
out(data.frame(group = sub("^x=", "", names(s$n)), n = as.vector(s$n), observed = s$obs, expected = s$exp, chisq = s$chisq,
               p = pchisq(s$chisq, 1, lower.tail = FALSE)), "aml_logrank.csv")

# ---- lung: Kaplan-Meier by sex with log-log band at 90% ----
f <- survfit(Surv(time, status) ~ sex, data = lung2, conf.type = "log-log", conf.int = 0.9)
out(data.frame(group = rep(sub("^sex=", "", names(f$strata)), f$strata), time = f$time, n_risk = f$n.risk, n_event = f$n.event,
               n_censor = f$n.censor, surv = f$surv, std_err = f$std.err, lower = f$lower, upper = f$upper), "lung_km_sex.csv")
q <- quantile(f, 0.5)
out(data.frame(group = sub("^sex=", "", names(f$strata)), median = as.vector(q$quantile), lower = as.vector(q$lower), upper = as.vector(q$upper)), "lung_km_sex_median.csv")

# ---- Cox models ----
ctl <- coxph.control(eps = 1e-11, iter.max = 100)
coxout <- function(fit, file) {
  sm <- summary(fit)
  co <- sm$coefficients; ci <- sm$conf.int
  terms <- data.frame(term = rownames(co), coef = co[, "coef"], se = co[, "se(coef)"], z = co[, "z"], p = co[, "Pr(>|z|)"],
                      hr = ci[, "exp(coef)"], hr_lower = ci[, "lower .95"], hr_upper = ci[, "upper .95"])
  out(terms, paste0(file, "_terms.csv"))
  # summary()'s waldtest and sctest are rounded for printing, so the exact values come from the fit itself
  out(kv(n = fit$n, events = fit$nevent, loglik_null = fit$loglik[1], loglik = fit$loglik[2],
         lr = sm$logtest[["test"]], lr_df = sm$logtest[["df"]], lr_p = sm$logtest[["pvalue"]],
         wald = fit$wald.test, wald_p = pchisq(fit$wald.test, length(fit$coefficients), lower.tail = FALSE),
         score = fit$score, score_p = pchisq(fit$score, length(fit$coefficients), lower.tail = FALSE),
         concordance = fit$concordance[["concordance"]]), paste0(file, "_fit.csv"))
}
lung2$sex <- factor(lung2$sex, levels = c("female", "male"))
coxout(coxph(Surv(time, status) ~ age + sex + ph_ecog, data = lung2, control = ctl), "lung_cox_efron")
coxout(coxph(Surv(time, status) ~ age + sex + ph_ecog, data = lung2, ties = "breslow", control = ctl), "lung_cox_breslow")
vet2$celltype <- relevel(factor(vet2$celltype), ref = "squamous")
coxout(coxph(Surv(time, status) ~ trt + karno + celltype, data = vet2, control = ctl), "veteran_cox")

# ---- logistic: death within the study by age, sex and ECOG (lung) ----
g <- glm(status ~ age + sex + ph_ecog, family = binomial, data = lung2, control = glm.control(epsilon = 1e-14, maxit = 100))
co <- summary(g)$coefficients; ci <- exp(confint.default(g))
out(data.frame(term = rownames(co), coef = co[, 1], se = co[, 2], z = co[, 3], p = co[, 4], or = exp(co[, 1]),
               or_lower = ci[, 1], or_upper = ci[, 2]), "lung_logit_terms.csv")
out(kv(n = nrow(lung2), deviance = g$deviance, null_deviance = g$null.deviance, aic = g$aic, df_residual = g$df.residual), "lung_logit_fit.csv")
