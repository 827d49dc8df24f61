# The R oracle for OrthoRegen's meta-analysis tests (tests/OrthoRegen.Tests/Statistics/Meta/MetaOracle.cs).
# Written for R 4.2.2 with metafor 3.8.1 (Debian r-cran-metafor); base R only besides metafor (no jsonlite).
#
# usage: Rscript meta_oracle.R DIR
#   DIR/manifest.csv: id,measure,method,test,file,sub,mod,egger,tf,l1o,cumul (flags 0/1)
#   DIR/<file>: study + the measure's columns (n1,m1,sd1,n2,m2,sd2 | events1,n1,events2,n2 | yi,vi) [+ g] [+ x]
# writes DIR/results.csv: id,key,value with value formatted to 17 significant digits (NA when R gives NA/NULL).
# Every fit uses the tightened controls of /work/shared/NUMERICS.md so that results are converged values.
suppressMessages(library(metafor))
args <- commandArgs(trailingOnly = TRUE)
dir <- args[1]
man <- read.csv(file.path(dir, "manifest.csv"), stringsAsFactors = FALSE, colClasses = "character")
ctrl <- list(threshold = 1e-12, tol = 1e-12, maxiter = 10000, tau2.max = 1e8)
cictrl <- list(tol = 1e-12, maxiter = 10000, tau2.max = 1e8)
# Plain Fisher scoring sometimes oscillates for ever; metafor's help then recommends stepadj = 0.5, which reaches the
# same maximum. OrthoRegen damps its steps in that case, so the oracle retries with stepadj = 0.5.
fitrma <- function(...) {
  f <- try(suppressWarnings(rma(..., control = ctrl)), silent = TRUE)
  if (inherits(f, "try-error")) f <- rma(..., control = c(ctrl, list(stepadj = 0.5)))
  f
}
out <- file(file.path(dir, "results.csv"), open = "w")
writeLines("id,key,value", out)
emit <- function(id, key, x) {
  if (is.null(x) || length(x) == 0) x <- NA
  for (j in seq_along(x)) {
    k <- if (length(x) > 1) paste0(key, "[", j, "]") else key
    v <- if (is.na(x[j])) "NA" else format(as.numeric(x[j]), digits = 17)
    writeLines(paste0(id, ",", k, ",", v), out)
  }
}
for (r in seq_len(nrow(man))) {
  m <- man[r, ]
  id <- m$id
  d <- read.csv(file.path(dir, m$file), stringsAsFactors = FALSE, colClasses = c(study = "character", g = "character"))
  es <- switch(m$measure,
    SMD = escalc("SMD", m1i = m1, sd1i = sd1, n1i = n1, m2i = m2, sd2i = sd2, n2i = n2, data = d),
    MD  = escalc("MD",  m1i = m1, sd1i = sd1, n1i = n1, m2i = m2, sd2i = sd2, n2i = n2, data = d),
    RR  = escalc("RR", ai = events1, n1i = n1, ci = events2, n2i = n2, data = d),
    OR  = escalc("OR", ai = events1, n1i = n1, ci = events2, n2i = n2, data = d),
    GEN = d)
  yi <- as.numeric(es$yi); vi <- as.numeric(es$vi)
  emit(id, "yi", yi); emit(id, "vi", vi)
  emit(id, "study_lb", yi - qnorm(0.975) * sqrt(vi)); emit(id, "study_ub", yi + qnorm(0.975) * sqrt(vi))
  res <- try({
    fit <- fitrma(yi, vi, method = m$method, test = m$test)
    emit(id, "estimate", fit$beta[1]); emit(id, "se", fit$se); emit(id, "statistic", fit$zval); emit(id, "pval", fit$pval)
    emit(id, "ci_lb", fit$ci.lb); emit(id, "ci_ub", fit$ci.ub)
    emit(id, "tau2", fit$tau2); emit(id, "I2", fit$I2); emit(id, "H2", fit$H2)
    emit(id, "Q", fit$QE); emit(id, "Q_pval", fit$QEp)
    emit(id, "weight", weights(fit))
    if (m$method != "FE") {
      ci <- confint(fit, control = cictrl)$random
      emit(id, "tau2_lb", ci[1, 2]); emit(id, "tau2_ub", ci[1, 3])
      emit(id, "I2_lb", ci[3, 2]); emit(id, "I2_ub", ci[3, 3]); emit(id, "H2_lb", ci[4, 2]); emit(id, "H2_ub", ci[4, 3])
      pr <- predict(fit)
      emit(id, "pi_lb", pr$pi.lb); emit(id, "pi_ub", pr$pi.ub)
    }
    if (m$sub == "1") {
      g <- d$g
      lv <- sort(unique(g), method = "radix")
      for (l in seq_along(lv)) {
        s <- fitrma(yi, vi, method = m$method, test = m$test, subset = g == lv[l])
        emit(id, paste0("sg_est[", lv[l], "]"), s$beta[1]); emit(id, paste0("sg_se[", lv[l], "]"), s$se)
        emit(id, paste0("sg_lb[", lv[l], "]"), s$ci.lb); emit(id, paste0("sg_ub[", lv[l], "]"), s$ci.ub)
        emit(id, paste0("sg_tau2[", lv[l], "]"), s$tau2); emit(id, paste0("sg_I2[", lv[l], "]"), s$I2)
        assign(paste0("est", l), c(s$beta[1], s$se))
      }
      ests <- sapply(seq_along(lv), function(l) get(paste0("est", l)))
      b <- rma(ests[1, ], sei = ests[2, ], method = "FE")
      emit(id, "sg_Qb", b$QE); emit(id, "sg_Qb_pval", b$QEp)
      mm <- try(fitrma(yi, vi, mods = ~ factor(g), method = m$method, test = m$test), silent = TRUE)
      if (inherits(mm, "try-error")) { emit(id, "sg_QM", NA); emit(id, "sg_QM_pval", NA) }
      else { emit(id, "sg_QM", mm$QM); emit(id, "sg_QM_pval", mm$QMp) }
    }
    if (m$mod == "1") {
      x <- d$x
      mr <- fitrma(yi, vi, mods = ~ x, method = m$method, test = m$test)
      emit(id, "mr_b", mr$beta); emit(id, "mr_se", mr$se); emit(id, "mr_stat", mr$zval); emit(id, "mr_p", mr$pval)
      emit(id, "mr_lb", mr$ci.lb); emit(id, "mr_ub", mr$ci.ub)
      emit(id, "mr_QM", mr$QM); emit(id, "mr_QM_pval", mr$QMp); emit(id, "mr_tau2", mr$tau2); emit(id, "mr_R2", mr$R2)
      emit(id, "mr_tau2_re", fit$tau2)
    }
    if (m$egger == "1") {
      eg <- regtest(fit)
      emit(id, "eg_stat", eg$zval); emit(id, "eg_p", eg$pval); emit(id, "eg_est", eg$est)
      emit(id, "eg_lb", eg$ci.lb); emit(id, "eg_ub", eg$ci.ub)
    }
    if (m$tf == "1") {
      tf <- trimfill(fit, control = fit$control)
      emit(id, "tf_k0", tf$k0); emit(id, "tf_side", if (tf$side == "left") 1 else -1)
      emit(id, "tf_est", tf$beta[1]); emit(id, "tf_lb", tf$ci.lb); emit(id, "tf_ub", tf$ci.ub); emit(id, "tf_tau2", tf$tau2)
    }
    if (m$l1o == "1") {
      l1 <- leave1out(fit)
      emit(id, "l1o_est", l1$estimate); emit(id, "l1o_se", l1$se); emit(id, "l1o_p", l1$pval)
      emit(id, "l1o_lb", l1$ci.lb); emit(id, "l1o_ub", l1$ci.ub)
      emit(id, "l1o_Q", l1$Q); emit(id, "l1o_I2", l1$I2)
      if (m$method != "FE") emit(id, "l1o_tau2", l1$tau2)  # metafor gives no tau2 column for FE models
    }
    if (m$cumul == "1") {
      cu <- cumul(fit)
      emit(id, "cu_est", cu$estimate); emit(id, "cu_se", cu$se); emit(id, "cu_p", cu$pval)
      emit(id, "cu_lb", cu$ci.lb); emit(id, "cu_ub", cu$ci.ub); emit(id, "cu_I2", cu$I2)
      if (m$method != "FE") emit(id, "cu_tau2", cu$tau2)
    }
  }, silent = TRUE)
  if (inherits(res, "try-error")) writeLines(paste0(id, ",error,", gsub("[\r\n,]", " ", as.character(res))), out)
}
close(out)
