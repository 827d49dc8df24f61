# In-process R timings for bench/statistics/survival.sh: the fit only (CSV reading excluded), best of 3.
# Usage: Rscript survival_r.R DIR TASK   (TASK = km_logrank | cox | logit | all)
suppressPackageStartupMessages(library(survival))
args <- commandArgs(trailingOnly = TRUE)
dir <- args[1]; task <- if (length(args) > 1) args[2] else "all"
best <- function(expr) { f <- function() system.time(eval(expr, parent.frame(2)))[["elapsed"]]; min(f(), f(), f()) }
if (task %in% c("km_logrank", "all")) {
  km <- read.csv(file.path(dir, "km.csv"))
  t <- best(quote({ survfit(Surv(time, event) ~ group, data = km); survdiff(Surv(time, event) ~ group, data = km) }))
  cat(sprintf("km_logrank %.4f\n", t))
}
if (task %in% c("cox", "all")) {
  cx <- read.csv(file.path(dir, "cox.csv"))
  t <- best(quote(coxph(Surv(time, event) ~ age + dose + kl + bmi, data = cx)))
  cat(sprintf("cox %.4f\n", t))
}
if (task %in% c("logit", "all")) {
  lg <- read.csv(file.path(dir, "logit.csv"))
  t <- best(quote(glm(mcid ~ age + dose + kl + bmi + female + baseline, family = binomial, data = lg)))
  cat(sprintf("logit %.4f\n", t))
}
