ﬁle = 1
Ａ = 2
naïve = 3
変数 = 4
print(ﬁle, Ａ, naïve, 変数)
